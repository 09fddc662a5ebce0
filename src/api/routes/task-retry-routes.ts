import type { FastifyInstance } from 'fastify';
import { retryTask } from '../../operations/retry-task.ts';
import { tenantScope } from '../plugins/auth.ts';
import { replyWithTask } from '../task-reply.ts';
import { taskIdParams, taskResponse } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Retry a failed or canceled task by hand: the same id, back in its queue.

export async function taskRetryRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  app.post<{ Params: { id: string } }>(
    '/v1/tasks/:id/retry',
    {
      schema: {
        operationId: 'retryTask',
        summary: 'Retry a failed or canceled task',
        description:
          'The task goes back to its queue with the same id for at least one more attempt (`attempts.max` grows to `attempts.count + 1` when it was used up); its error and result are cleared. Any other status is 409.',
        tags: ['tasks'],
        params: taskIdParams,
        response: { 200: taskResponse('Queued again') },
      },
      config: { auth: 'tenant', problems: ['task-not-found', 'task-gone', 'task-state-conflict'] },
    },
    async (req, reply) => {
      const task = await retryTask(req.store, { tenant: tenantScope(req.principal), id: req.params.id }, deps);
      return replyWithTask(deps, reply, task, { status: 200, now: deps.now(), store: req.store });
    },
  );
}
