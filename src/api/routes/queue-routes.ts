import type { FastifyInstance } from 'fastify';
import { listQueues, type QueueSummary } from '../../operations/list-queues.ts';
import { queueThroughput } from '../../operations/queue-throughput.ts';
import { NO_NUL_PATTERN } from '../../domain/schema-errors.ts';
import { pauseQueue, resumeQueue } from '../../operations/queue-pauses.ts';
import { listWorkers } from '../../operations/list-workers.ts';
import type { WorkerRow } from '../../store/worker-store.ts';
import { tenantScope } from '../plugins/auth.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Day-one operations on the queues and the workers: GET /v1/queues, POST /v1/queues/{type}/pause |
// resume, GET /v1/workers. A tenant key acts on its own tenant; an admin key on every tenant (a
// pause by an admin holds for every tenant).

const typeParams = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', maxLength: 64, description: 'A registered task type.' } },
} as const;

const pauseStateSchema = {
  type: 'object',
  required: ['type', 'paused', 'pausedForEveryTenant'],
  properties: {
    type: { type: 'string' },
    paused: { type: 'boolean', description: 'Nothing of this queue is claimed (for your tenant).' },
    pausedForEveryTenant: { type: 'boolean', description: 'Paused by an admin for every tenant; only an admin key resumes it.' },
  },
} as const;

const queueSchema = {
  type: 'object',
  required: ['type', 'depth', 'oldestQueuedAgeSeconds', 'paused', 'pausedForEveryTenant', 'http'],
  properties: {
    type: { type: 'string' },
    depth: {
      type: 'object',
      required: ['pending', 'queued', 'running'],
      properties: { pending: { type: 'integer' }, queued: { type: 'integer' }, running: { type: 'integer' } },
    },
    oldestQueuedAgeSeconds: { type: ['integer', 'null'], description: 'How long the oldest queued task has been runnable.' },
    paused: { type: 'boolean' },
    pausedForEveryTenant: { type: 'boolean' },
    pausedTenants: { type: 'array', items: { type: 'string' }, description: 'Admin keys: the tenants that paused it for themselves.' },
    http: { type: 'boolean', description: 'Served by HTTP workers only.' },
  },
} as const;

const workerSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'node', 'types', 'concurrency', 'startedAt', 'lastHeartbeatAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['runner', 'http'], description: '`runner`: an Offload process’s in-process runner; `http`: a worker over HTTP.' },
    name: { type: 'string' },
    node: { type: 'string', description: 'Host and process (runners) or the address it calls from (HTTP workers).' },
    types: { type: 'array', items: { type: 'string' } },
    concurrency: { type: 'integer' },
    startedAt: { type: 'string', format: 'date-time' },
    lastHeartbeatAt: { type: 'string', format: 'date-time' },
  },
} as const;

function queueBody(q: QueueSummary, admin: boolean) {
  const { pausedTenants, ...rest } = q;
  return admin ? q : rest;
}

function workerBody(w: WorkerRow) {
  return {
    id: w.id,
    kind: w.kind,
    name: w.name,
    node: w.node,
    types: w.types,
    concurrency: w.concurrency,
    startedAt: new Date(w.startedAt).toISOString(),
    lastHeartbeatAt: new Date(w.lastHeartbeatAt).toISOString(),
  };
}

export async function queueRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  app.get(
    '/v1/queues',
    {
      schema: {
        operationId: 'listQueues',
        summary: 'List the queues',
        description: 'One per task type: depth by status, the oldest queued task’s age, and whether it is paused. Your tenant’s tasks; every tenant’s with an admin key.',
        tags: ['operations'],
        response: { 200: { description: 'The queues', type: 'object', required: ['items'], properties: { items: { type: 'array', items: queueSchema } } } },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const queues = await listQueues(req.store, { tenant: tenantScope(req.principal) }, deps);
      return { items: queues.map((q) => queueBody(q, req.principal.admin)) };
    },
  );

  app.get<{ Querystring: { type?: string; minutes: number } }>(
    '/v1/queues/throughput',
    {
      schema: {
        operationId: 'getQueueThroughput',
        summary: 'Tasks succeeded and failed per minute',
        description:
          'Per minute over the last `minutes` (default 60, at most 1440; as far back as finished tasks are kept), from the tasks’ finish times: the same on every node. One `type`, or every type. Your tenant’s tasks; every tenant’s with an admin key.',
        tags: ['operations'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: { type: 'string', minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN },
            minutes: { type: 'integer', minimum: 1, maximum: 1440, default: 60 },
          },
        },
        response: {
          200: {
            description: 'One point per minute, oldest first',
            type: 'object',
            required: ['bucketSeconds', 'points'],
            properties: {
              bucketSeconds: { type: 'integer' },
              points: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['at', 'succeeded', 'failed'],
                  properties: { at: { type: 'string', format: 'date-time' }, succeeded: { type: 'integer' }, failed: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const params = { tenant: tenantScope(req.principal), type: req.query.type ?? null, minutes: req.query.minutes };
      const { bucketMs, points } = await queueThroughput(req.store, params, deps);
      return { bucketSeconds: bucketMs / 1000, points: points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })) };
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { type: string } }>(
      `/v1/queues/:type/${action}`,
      {
        schema: {
          operationId: action === 'pause' ? 'pauseQueue' : 'resumeQueue',
          summary: action === 'pause' ? 'Pause a queue' : 'Resume a queue',
          description:
            action === 'pause'
              ? 'Submissions are still accepted; nothing of the queue is claimed by any runner or HTTP worker until it is resumed. For your tenant; with an admin key for every tenant.'
              : 'Claims of the queue start again at once. A tenant key lifts its own pause, an admin key the pause for every tenant.',
          tags: ['operations'],
          params: typeParams,
          response: { 200: { description: action === 'pause' ? 'Paused' : 'Resumed', ...pauseStateSchema } },
        },
        config: { auth: 'tenant', problems: ['queue-not-found'] },
      },
      async (req) => {
        const params = { tenant: tenantScope(req.principal), type: req.params.type };
        return action === 'pause' ? pauseQueue(req.store, params, deps) : resumeQueue(req.store, params, deps);
      },
    );
  }

  app.get(
    '/v1/workers',
    {
      schema: {
        operationId: 'listWorkers',
        summary: 'List the live workers',
        description:
          'In-process runners and HTTP workers that were heard of recently (a heartbeat within max(3 × worker.heartbeatSeconds, limits.waitMaxSeconds + worker.leaseSeconds)): types, concurrency, last heartbeat. A tenant key sees the runners and the HTTP workers serving its tenant.',
        tags: ['operations'],
        response: { 200: { description: 'The live workers', type: 'object', required: ['items'], properties: { items: { type: 'array', items: workerSchema } } } },
      },
      config: { auth: 'tenant' },
    },
    async (req) => ({ items: (await listWorkers(req.store, { tenant: tenantScope(req.principal) }, deps)).map(workerBody) }),
  );
}
