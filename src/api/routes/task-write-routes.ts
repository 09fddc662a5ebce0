import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CleanupContext } from '../../engine/define-task.ts';
import { taskError } from '../../engine/task-errors.ts';
import { ProblemError } from '../../domain/problems.ts';
import type { Metadata, TaskRow } from '../../domain/task.ts';
import { parseIfMatch } from '../if-match.ts';
import { tenantScope } from '../plugins/auth.ts';
import { assertHttpUrl, callbackUrlSchema, metadataSchema } from '../submission.ts';
import { loadTask } from '../task-lookup.ts';
import { replyWithTask } from '../task-reply.ts';
import { taskIdParams, taskResponse } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Changes from clients: cancel, patch, destroy.

interface PatchBody {
  priority?: number;
  runAt?: string;
  metadata?: Metadata | null;
  callbackUrl?: string | null;
}

export async function taskWriteRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { store, config } = deps;
  const retentionMs = config.retention.finishedSeconds * 1000;

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
          200: taskResponse('Canceled'),
          202: taskResponse('Cancel requested; the running handler is stopping'),
        },
      },
      config: { problems: ['task-not-found', 'task-gone', 'task-state-conflict'] },
    },
    async (req, reply) => {
      const tenant = tenantScope(req.principal);
      const id = req.params.id;
      await loadTask(store, tenant, id);
      const now = deps.now();
      const error = taskError('canceled', 'Canceled by the client.');
      const result = await store.taskCancel({ tenant, id, error, now, retentionMs });
      if (!result) return loadTask(store, tenant, id); // destroyed meanwhile: answers 404/410
      if (result.outcome === 'finished') {
        throw new ProblemError('task-state-conflict', `Task ${id} already ${result.task.status}.`, {
          extensions: { taskId: id, taskStatus: result.task.status },
        });
      }
      const status = result.outcome === 'requested' ? 202 : 200;
      return replyWithTask(deps, reply, result.task, { status, now: deps.now() });
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
        response: { 200: taskResponse('Updated') },
      },
      config: {
        problems: ['task-not-found', 'task-gone', 'precondition-required', 'precondition-failed', 'task-state-conflict', 'webhook-url-refused'],
      },
    },
    async (req, reply) => {
      const tenant = tenantScope(req.principal);
      const id = req.params.id;
      const ifMatch = parseIfMatch(req);
      const task = await loadTask(store, tenant, id);
      if (!ifMatch.any && !ifMatch.versions.includes(task.version)) throw preconditionFailed(id);
      const b = req.body;
      if (typeof b.callbackUrl === 'string') assertHttpUrl(b.callbackUrl, '/callbackUrl', config.webhooks);
      const patch: Parameters<typeof store.taskUpdate>[0]['patch'] = {};
      if (b.priority !== undefined) patch.priority = b.priority;
      if (b.runAt !== undefined) patch.runAt = Date.parse(b.runAt);
      if (b.metadata !== undefined) patch.metadata = b.metadata;
      if (b.callbackUrl !== undefined) patch.callbackUrl = b.callbackUrl;
      const result = await store.taskUpdate({ tenant, id, version: task.version, patch, now: deps.now() });
      if (!result) return loadTask(store, tenant, id);
      if (result.outcome === 'version-mismatch') throw preconditionFailed(id);
      if (result.outcome === 'wrong-state') throw wrongState(result.task);
      return replyWithTask(deps, reply, result.task, { status: 200, now: deps.now() });
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
      config: { problems: ['task-not-found', 'task-gone'] },
    },
    async (req, reply) => {
      const tenant = tenantScope(req.principal);
      const id = req.params.id;
      const task = await loadTask(store, tenant, id);
      if (task.status === 'running') {
        const requested = await store.taskRequestDestroy({ tenant, id, now: deps.now() });
        if (!requested) return loadTask(store, tenant, id);
        if (requested.status === 'running') return reply.code(202).send();
      }
      await runCleanup(deps, req, task);
      const destroyed = await store.taskDestroy({ tenant, id, reason: 'destroyed', now: deps.now() });
      if (!destroyed) return loadTask(store, tenant, id);
      return reply.code(204).send();
    },
  );
}

/** Cleanup failures are logged, never block the destroy: the client asked for the task to go. */
async function runCleanup(deps: TaskRouteDeps, req: FastifyRequest, task: TaskRow): Promise<void> {
  const cleanup = deps.taskTypes.get(task.type)?.cleanup;
  if (!cleanup) return;
  const bind = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) =>
    req.log[level]({ taskId: task.id, ...data }, msg);
  const ctx: CleanupContext = {
    taskId: task.id,
    tenant: task.tenant,
    input: JSON.parse(task.inputJson),
    reason: 'destroyed',
    log: { debug: bind('debug'), info: bind('info'), warn: bind('warn'), error: bind('error') },
  };
  try {
    await cleanup(ctx);
  } catch (err) {
    req.log.error({ err, taskId: task.id }, 'task cleanup failed');
  }
}

function preconditionFailed(id: string): ProblemError {
  return new ProblemError('precondition-failed', `Task ${id} changed; fetch it again for its current ETag.`);
}

function wrongState(task: TaskRow): ProblemError {
  return new ProblemError('task-state-conflict', `Task ${task.id} is ${task.status}; only pending or queued tasks can change.`, {
    extensions: { taskId: task.id, taskStatus: task.status },
  });
}
