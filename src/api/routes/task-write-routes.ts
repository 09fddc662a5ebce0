import type { FastifyInstance } from 'fastify';
import type { Metadata } from '../../domain/task.ts';
import { cancelTask } from '../../operations/cancel-task.ts';
import { destroyTask } from '../../operations/destroy-task.ts';
import { callbackUrlSchema, metadataSchema } from '../../operations/submitter.ts';
import { updateTask } from '../../operations/update-task.ts';
import { parseIfMatch } from '../if-match.ts';
import { tenantScope } from '../plugins/auth.ts';
import { replyWithTask } from '../task-reply.ts';
import { CHANGED_TASK_HEADERS, taskIdParams, taskResponse } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Changes from clients: cancel, patch, destroy.

interface PatchBody {
  priority?: number;
  runAt?: string;
  metadata?: Metadata | null;
  callbackUrl?: string | null;
}

export async function taskWriteRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { config } = deps;

  app.post<{ Params: { id: string } }>(
    '/v1/tasks/:id/cancel',
    {
      schema: {
        operationId: 'cancelTask',
        summary: 'Cancel a task',
        description:
          'Pending/queued → canceled now (200). Running → `cancelRequested: true`, the handler’s signal fires (202). Already canceled → 200. Succeeded/failed → 409.',
        tags: ['tasks'],
        params: taskIdParams,
        response: {
          200: taskResponse('Canceled', CHANGED_TASK_HEADERS),
          202: taskResponse('Cancel requested; the running handler is stopping', CHANGED_TASK_HEADERS),
        },
      },
      config: { auth: 'tenant', problems: ['task-not-found', 'task-gone', 'task-state-conflict'] },
    },
    async (req, reply) => {
      const { task, status } = await cancelTask(req.store, { tenant: tenantScope(req.principal), id: req.params.id }, deps);
      return replyWithTask(deps, reply, task, { status, now: deps.now(), store: req.store });
    },
  );

  app.patch<{ Params: { id: string }; Body: PatchBody }>(
    '/v1/tasks/:id',
    {
      schema: {
        operationId: 'updateTask',
        summary: 'Change a task that has not started',
        description:
          'Only while pending or queued (else 409). `If-Match` with the ETag from `GET /v1/tasks/{id}` is required (428 without it, 412 when the task changed since). A tag matches when its version part is current.',
        tags: ['tasks'],
        params: taskIdParams,
        headers: { type: 'object', properties: { 'if-match': { type: 'string' } } },
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            priority: { type: 'integer', minimum: -1000, maximum: 1000 },
            runAt: { type: 'string', format: 'date-time' },
            metadata: { anyOf: [metadataSchema(config.limits.metadataKeys), { type: 'null' }] },
            callbackUrl: { anyOf: [callbackUrlSchema(), { type: 'null' }] },
          },
        },
        response: { 200: taskResponse('Updated', CHANGED_TASK_HEADERS) },
      },
      config: {
        auth: 'tenant',
        problems: ['task-not-found', 'task-gone', 'precondition-required', 'precondition-failed', 'task-state-conflict', 'webhook-url-refused'],
      },
    },
    async (req, reply) => {
      const expected = parseIfMatch(req);
      const task = await updateTask(
        req.store,
        { tenant: tenantScope(req.principal), id: req.params.id, expected, changes: req.body },
        deps,
      );
      return replyWithTask(deps, reply, task, { status: 200, now: deps.now(), store: req.store });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/tasks/:id',
    {
      schema: {
        operationId: 'destroyTask',
        summary: 'Destroy a task',
        description:
          'Cancels it if active, runs the type’s cleanup, deletes result and input and leaves a tombstone: 204, or 202 while a running handler is still stopping. Every later call on the id answers 410.',
        tags: ['tasks'],
        params: taskIdParams,
        response: {
          202: { description: 'Destroy requested; the running handler is stopping', type: 'null' },
          204: { description: 'Destroyed', type: 'null' },
        },
      },
      config: { auth: 'tenant', problems: ['task-not-found', 'task-gone'] },
    },
    async (req, reply) => {
      const { status } = await destroyTask(req.store, { tenant: tenantScope(req.principal), id: req.params.id, log: req.log }, deps);
      return reply.code(status).send();
    },
  );
}
