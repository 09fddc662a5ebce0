import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/defaults.ts';
import { claimTasks } from '../../operations/claim-tasks.ts';
import { leaseComplete } from '../../operations/lease-complete.ts';
import { leaseFail } from '../../operations/lease-fail.ts';
import { leaseHeartbeat } from '../../operations/lease-heartbeat.ts';
import type { LeaseDeps } from '../../operations/lease-lookup.ts';
import { leaseProgress, type ProgressReport } from '../../operations/lease-progress.ts';
import type { TaskTypes } from '../../operations/task-types.ts';
import { createCompletionBatcher } from '../../operations/completion-batcher.ts';
import type { Store } from '../../store/store.ts';
import type { WorkerCaller } from '../../operations/worker-caller.ts';

// The worker protocol over HTTP (docs/worker-protocol.md): workers in any language claim leased
// tasks and report on them. Worker keys (and admin keys) only: `auth: 'worker'`.

export interface WorkerProtocolDeps {
  config: Readonly<Config>;
  taskTypes: TaskTypes;
  now: () => number;
  /** The root store: results reported on it are group-committed. */
  store: Store;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoSchema = { type: 'string', format: 'date-time' } as const;

const tokenParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 200, description: 'The `leaseToken` of a claimed task; an unknown one is 404.' } },
} as const;

const leaseStatusSchema = {
  type: 'object',
  required: ['taskId', 'leaseExpiresAt', 'deadline', 'cancelRequested'],
  properties: {
    taskId: { type: 'string' },
    leaseExpiresAt: isoSchema,
    deadline: { ...isoSchema, description: 'startedAt + timeoutSeconds: a report after it fails the attempt with `timeout` (409).' },
    cancelRequested: { type: 'boolean', description: 'True: stop, then report `fail`; it is recorded as the cancel.' },
  },
} as const;

const reportSchema = {
  type: 'object',
  required: ['taskId', 'recorded'],
  properties: {
    taskId: { type: 'string' },
    recorded: {
      type: 'string',
      enum: ['succeeded', 'retried', 'failed', 'timeout', 'canceled', 'destroyed'],
      description: 'What the report became: `retried` = another attempt will follow; `failed` also when a result broke the limits.',
    },
  },
} as const;

const LEASE_PROBLEMS = ['lease-not-found', 'lease-lost'] as const;

function callerOf(req: FastifyRequest): WorkerCaller {
  const p = req.principal;
  if (p.worker) return { keyId: p.keyId, tenant: p.worker.allTenants ? null : p.tenant, types: p.worker.types };
  // Admin keys serve every HTTP type of every tenant.
  return { keyId: p.keyId, tenant: null, types: null };
}

function clientGone(reply: FastifyReply): AbortSignal {
  const aborted = new AbortController();
  reply.raw.once('close', () => aborted.abort());
  return aborted.signal;
}

export async function workerProtocolRoutes(app: FastifyInstance, deps: WorkerProtocolDeps): Promise<void> {
  const { config } = deps;
  const leaseDeps: LeaseDeps = { ...deps, completions: createCompletionBatcher(deps.store) };

  app.post<{ Body: { types: string[]; max?: number; waitSeconds?: number; workerId?: string } }>(
    '/v1/workers/claim',
    {
      schema: {
        operationId: 'claimTasks',
        summary: 'Claim leased tasks (HTTP workers)',
        description:
          'Up to `max` queued tasks of `types`, each leased to the caller for `worker.leaseSeconds` (renew with heartbeat). With `waitSeconds` the request is held until work is there or the time is up (then `tasks: []`). Paused queues and tenants at their concurrency limit are skipped. A worker key claims only its own types (403 otherwise), of its own tenant unless it serves every tenant.',
        tags: ['workers'],
        body: {
          type: 'object',
          required: ['types'],
          additionalProperties: false,
          properties: {
            types: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
            max: { type: 'integer', minimum: 1, maximum: 100, default: 1 },
            waitSeconds: { type: 'integer', minimum: 0, maximum: config.limits.waitMaxSeconds, default: 0 },
            workerId: {
              type: 'string',
              pattern: '^[A-Za-z0-9._:@-]{1,128}$',
              description: 'The worker’s name for itself in `GET /v1/workers` (several processes may share a key).',
            },
          },
        },
        response: {
          200: {
            description: 'The leased tasks (possibly none)',
            type: 'object',
            required: ['tasks'],
            properties: {
              tasks: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'type', 'tenant', 'input', 'attempt', 'maxAttempts', 'leaseToken', 'leaseExpiresAt', 'deadline', 'heartbeatSeconds', 'links'],
                  properties: {
                    id: { type: 'string' },
                    type: { type: 'string' },
                    tenant: { type: 'string' },
                    input: {},
                    attempt: { type: 'integer', description: '1-based number of this attempt.' },
                    maxAttempts: { type: 'integer' },
                    leaseToken: { type: 'string', description: 'Report with it: `/v1/leases/{leaseToken}/…`.' },
                    leaseExpiresAt: isoSchema,
                    deadline: isoSchema,
                    heartbeatSeconds: { type: 'number', description: 'Renew the lease at least this often.' },
                    links: {
                      type: 'object',
                      properties: { heartbeat: { type: 'string' }, progress: { type: 'string' }, complete: { type: 'string' }, fail: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      config: { auth: 'worker', problems: ['unknown-task-type'] },
    },
    async (req, reply) => {
      const body = req.body;
      const leased = await claimTasks(
        req.store,
        {
          caller: callerOf(req),
          types: body.types,
          max: body.max ?? 1,
          waitSeconds: body.waitSeconds ?? 0,
          workerName: body.workerId ?? null,
          node: req.ip,
          signal: body.waitSeconds ? clientGone(reply) : undefined,
        },
        deps,
      );
      const heartbeatSeconds = config.worker.leaseSeconds / 3;
      return {
        tasks: leased.map(({ claimed: { task }, leaseToken, deadline }) => {
          const base = `/v1/leases/${leaseToken}`;
          return {
            id: task.id,
            type: task.type,
            tenant: task.tenant,
            input: JSON.parse(task.inputJson) as unknown,
            attempt: task.attempts,
            maxAttempts: task.maxAttempts,
            leaseToken,
            leaseExpiresAt: iso(task.leaseExpiresAt ?? deps.now()),
            deadline: iso(deadline),
            heartbeatSeconds,
            links: { heartbeat: `${base}/heartbeat`, progress: `${base}/progress`, complete: `${base}/complete`, fail: `${base}/fail` },
          };
        }),
      };
    },
  );

  const statusBody = (s: Awaited<ReturnType<typeof leaseHeartbeat>>) => ({
    taskId: s.taskId,
    leaseExpiresAt: iso(s.leaseExpiresAt),
    deadline: iso(s.deadline),
    cancelRequested: s.cancelRequested,
  });

  app.post<{ Params: { token: string } }>(
    '/v1/leases/:token/heartbeat',
    {
      schema: {
        operationId: 'heartbeatLease',
        summary: 'Renew a lease (HTTP workers)',
        description: 'Extends the lease by `worker.leaseSeconds`; the answer says whether a cancel was requested.',
        tags: ['workers'],
        params: tokenParams,
        body: { type: ['object', 'null'], additionalProperties: false, properties: {} },
        response: { 200: { description: 'The lease, renewed', ...leaseStatusSchema } },
      },
      config: { auth: 'worker', problems: [...LEASE_PROBLEMS] },
    },
    async (req) => statusBody(await leaseHeartbeat(req.store, { caller: callerOf(req), token: req.params.token, log: req.log }, leaseDeps)),
  );

  app.post<{ Params: { token: string }; Body: ProgressReport }>(
    '/v1/leases/:token/progress',
    {
      schema: {
        operationId: 'reportLeaseProgress',
        summary: 'Report progress (HTTP workers)',
        description: 'Shown in the task document (`progress.source: "reported"`); renews the lease too.',
        tags: ['workers'],
        params: tokenParams,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            percent: { type: 'number', minimum: 0, maximum: 100 },
            message: { type: 'string', maxLength: 1000 },
            current: { type: 'number', minimum: 0 },
            total: { type: 'number', minimum: 0 },
          },
        },
        response: { 200: { description: 'Recorded; the lease, renewed', ...leaseStatusSchema } },
      },
      config: { auth: 'worker', problems: [...LEASE_PROBLEMS] },
    },
    async (req) =>
      statusBody(await leaseProgress(req.store, { caller: callerOf(req), token: req.params.token, progress: req.body, log: req.log }, leaseDeps)),
  );

  app.post<{ Params: { token: string }; Body: { result?: unknown } | null }>(
    '/v1/leases/:token/complete',
    {
      schema: {
        operationId: 'completeLease',
        summary: 'Report a result (HTTP workers)',
        description:
          'The attempt succeeded with `result` (any JSON, at most `limits.resultBytes`; a larger one fails the task permanently, as in-process). A late report of a lost attempt is 409 `lease-lost`.',
        tags: ['workers'],
        params: tokenParams,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { result: { description: 'The task’s result.' } } },
        response: { 200: { description: 'Recorded', ...reportSchema } },
      },
      config: { auth: 'worker', problems: [...LEASE_PROBLEMS] },
    },
    async (req) => leaseComplete(req.store, { caller: callerOf(req), token: req.params.token, result: req.body?.result, log: req.log }, leaseDeps),
  );

  app.post<{ Params: { token: string }; Body: { message: string; permanent?: boolean; retryAfterSeconds?: number } }>(
    '/v1/leases/:token/fail',
    {
      schema: {
        operationId: 'failLease',
        summary: 'Report a failure (HTTP workers)',
        description:
          'Retried with backoff while attempts are left (after `retryAfterSeconds` when given, capped at `tasks.retryMaxSeconds`); `permanent: true` fails the task at once. After a heartbeat said `cancelRequested`, this records the cancel.',
        tags: ['workers'],
        params: tokenParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: {
            message: { type: 'string', minLength: 1, maxLength: 4096 },
            permanent: { type: 'boolean' },
            retryAfterSeconds: { type: 'number', minimum: 0, maximum: 30 * 86_400 },
          },
        },
        response: { 200: { description: 'Recorded', ...reportSchema } },
      },
      config: { auth: 'worker', problems: [...LEASE_PROBLEMS] },
    },
    async (req) => leaseFail(req.store, { caller: callerOf(req), token: req.params.token, failure: req.body, log: req.log }, leaseDeps),
  );
}
