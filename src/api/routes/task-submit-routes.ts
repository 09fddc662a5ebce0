import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWellFormedId, newId } from '../../domain/ids.ts';
import { ProblemError } from '../../domain/problems.ts';
import { isTerminal, type TaskRow } from '../../domain/task.ts';
import { StoreConflictError } from '../../store/store.ts';
import {
  type IdempotencyScope,
  idempotencyAttach,
  idempotencyFinish,
  idempotencyOtherKind,
  idempotencyRelease,
  idempotencyStart,
  parseIdempotencyKey,
} from '../idempotency.ts';
import { createInsertBatcher } from '../insert-batcher.ts';
import { parsePrefer } from '../plugins/prefer.ts';
import { type InsertOutcome, type PreparedTask, submitBodySchema } from '../submission.ts';
import { loadTask, taskGone } from '../task-lookup.ts';
import { replyWithTask } from '../task-reply.ts';
import { waitForTask } from '../wait-for-task.ts';
import { idempotencyKeyHeader, preferHeader, SUBMIT_PROBLEMS, taskIdParams, taskResponse } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Submission: POST /v1/tasks, PUT /v1/tasks/{id} (reserved id), POST /v1/task-ids.
// Answer codes: 202 accepted; 201 when a `wait` saw the task finish; 200 for a replay.

export async function taskSubmitRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { store, config } = deps;
  const body = submitBodySchema(config);
  const submitHeaders = { type: 'object', properties: { prefer: preferHeader, 'idempotency-key': idempotencyKeyHeader } };
  const batcher = createInsertBatcher(store);

  app.post(
    '/v1/tasks',
    {
      schema: {
        operationId: 'submitTask',
        summary: 'Submit a task',
        description:
          'Validates `type` and `input`, stores the task and answers 202 with a status monitor. `Prefer: wait=N` holds the request until the task finishes (201) or N seconds pass (202); without `Prefer` the type’s `syncWaitSeconds` applies. Validation pointers point into the body.',
        tags: ['tasks'],
        headers: submitHeaders,
        body,
        response: {
          200: taskResponse('Replay: same customId or Idempotency-Key with the same body'),
          201: taskResponse('The task finished within the wait'),
          202: taskResponse('Accepted; poll `Location`'),
        },
      },
      config: { problems: [...SUBMIT_PROBLEMS, 'idempotency-key-reused', 'idempotency-key-in-flight'] },
    },
    async (req, reply) => {
      const now = deps.now();
      const tenant = req.principal.tenant;
      const key = parseIdempotencyKey(req);
      deps.rateLimiter.take(tenant);
      const prepared = deps.submitter.prepare(tenant, req.body, now);
      const scope: IdempotencyScope | null = key ? { store, config, tenant, key } : null;
      if (scope) {
        const start = await idempotencyStart(scope, prepared.task.fingerprint, now);
        if (start.state === 'done') {
          if (!('taskId' in start)) throw idempotencyOtherKind();
          const task = await loadTask(store, tenant, start.taskId);
          return replyWithTask(deps, reply, task, { status: start.statusCode, now: deps.now(), location: true, replayed: true });
        }
      }
      let outcome: InsertOutcome;
      try {
        // Plain submissions (no customId, no key): nothing to look up first, one row to write, so
        // concurrent ones share a commit.
        outcome =
          !scope && prepared.task.customId === null
            ? { task: await batcher.insert(prepared.task), created: true }
            : await store.withTransaction(async (tx) => {
                const inserted = await deps.submitter.insert(tx, prepared);
                if (scope) await idempotencyAttach(scope, tx, { taskId: inserted.task.id }, inserted.created ? 202 : 200);
                return inserted;
              });
      } catch (err) {
        if (scope) await idempotencyRelease(scope).catch((e) => req.log.error({ err: e }, 'idempotency release failed'));
        throw err;
      }
      return answerSubmission(deps, req, reply, prepared, outcome, scope);
    },
  );

  app.put<{ Params: { id: string } }>(
    '/v1/tasks/:id',
    {
      schema: {
        operationId: 'submitTaskWithId',
        summary: 'Submit a task under a reserved id',
        description:
          'Like `POST /v1/tasks` with an id from `POST /v1/task-ids`. Same body again → the same task (200); another body → 422 `task-id-conflict`; unknown or expired reservation → 404 `reservation-not-found`. PUT is idempotent by the reserved id, so an `Idempotency-Key` is validated like on `POST /v1/tasks` (a malformed or repeated header is 400 `invalid-header`) and otherwise ignored.',
        tags: ['tasks'],
        params: taskIdParams,
        headers: {
          type: 'object',
          properties: {
            prefer: preferHeader,
            'idempotency-key': { ...idempotencyKeyHeader, description: `${idempotencyKeyHeader.description} Validated, then ignored: the reserved id makes PUT idempotent.` },
          },
        },
        body,
        response: {
          200: taskResponse('Replay: this id was already submitted with the same body'),
          201: taskResponse('The task finished within the wait'),
          202: taskResponse('Accepted; poll `Location`'),
        },
      },
      config: { problems: [...SUBMIT_PROBLEMS, 'reservation-not-found', 'task-id-conflict', 'task-gone'] },
    },
    async (req, reply) => {
      const now = deps.now();
      const tenant = req.principal.tenant;
      const { id } = req.params;
      parseIdempotencyKey(req); // validated like POST's; the reserved id already makes PUT idempotent
      if (!isWellFormedId(id, 'tsk')) throw reservationNotFound(id);
      deps.rateLimiter.take(tenant);
      const prepared = deps.submitter.prepare(tenant, req.body, now, { id });
      const existing = await existingSubmission(deps, tenant, prepared);
      if (existing) return answerSubmission(deps, req, reply, prepared, existing, null);
      let outcome: InsertOutcome;
      try {
        outcome = await store.withTransaction(async (tx) => {
          if (!(await tx.reservationTake({ tenant, id, now }))) throw reservationNotFound(id);
          return deps.submitter.insert(tx, prepared);
        });
      } catch (err) {
        // A concurrent PUT of the same id may have taken the reservation first.
        const lost = (err instanceof ProblemError && err.code === 'reservation-not-found') || err instanceof StoreConflictError;
        const winner = lost ? await existingSubmission(deps, tenant, prepared) : null;
        if (!winner) throw err;
        outcome = winner;
      }
      return answerSubmission(deps, req, reply, prepared, outcome, null);
    },
  );

  app.post(
    '/v1/task-ids',
    {
      schema: {
        operationId: 'reserveTaskId',
        summary: 'Reserve a task id',
        description: 'Hands out an id to submit with `PUT /v1/tasks/{id}` before it expires.',
        tags: ['tasks'],
        response: {
          201: {
            description: 'Reserved',
            type: 'object',
            required: ['id', 'expiresAt'],
            properties: { id: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
          },
        },
      },
    },
    async (req, reply) => {
      const id = newId('tsk');
      const expiresAt = deps.now() + config.retention.reservationSeconds * 1000;
      await store.reservationCreate({ tenant: req.principal.tenant, id, expiresAt });
      return reply.code(201).send({ id, expiresAt: new Date(expiresAt).toISOString() });
    },
  );
}

function reservationNotFound(id: string): ProblemError {
  return new ProblemError('reservation-not-found', `No unexpired reservation ${id}.`);
}

/** A task already stored under the PUT's id: a replay (same body) or a conflict. */
async function existingSubmission(deps: TaskRouteDeps, tenant: string, prepared: PreparedTask) {
  const { id, fingerprint } = prepared.task;
  const task = await deps.store.taskGet({ tenant, id });
  if (task) {
    if (task.destroyRequested) throw taskGone(id);
    if (task.fingerprint !== fingerprint) throw new ProblemError('task-id-conflict', `Task ${id} was submitted with another body.`);
    return { task, created: false };
  }
  if (await deps.store.tombstoneGet({ tenant, id })) throw taskGone(id);
  return null;
}

/** Replays answer at once; new tasks may be held per `Prefer` or the type's sync default. */
async function answerSubmission(
  deps: TaskRouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  prepared: PreparedTask,
  outcome: InsertOutcome,
  scope: IdempotencyScope | null,
) {
  if (!outcome.created) {
    if (scope) await idempotencyFinish(scope, { taskId: outcome.task.id }, 200);
    return replyWithTask(deps, reply, outcome.task, { status: 200, now: deps.now(), location: true, replayed: true });
  }
  let status = 202;
  let task: TaskRow = outcome.task;
  try {
    const waitMax = deps.config.limits.waitMaxSeconds;
    const prefs = parsePrefer(req.headers.prefer, waitMax);
    const syncDefault = Math.min(waitMax, deps.taskTypes.get(prepared.task.type)?.syncWaitSeconds ?? 0);
    const waitSeconds = prefs.respondAsync ? 0 : (prefs.wait ?? syncDefault);
    const applied = prefs.respondAsync ? 'respond-async' : prefs.wait !== null ? `wait=${prefs.wait}` : null;
    if (waitSeconds > 0) {
      const aborted = new AbortController();
      reply.raw.once('close', () => aborted.abort());
      await waitForTask({
        store: deps.store,
        id: task.id,
        version: task.version,
        timeoutMs: waitSeconds * 1000,
        pollMs: deps.config.worker.pollIntervalMs,
        signal: aborted.signal,
        until: (t) => t === null || isTerminal(t.status),
      });
      task = await loadTask(deps.store, null, task.id);
    }
    if (isTerminal(task.status)) status = 201;
    return await replyWithTask(deps, reply, task, { status, now: deps.now(), location: true, preferenceApplied: applied });
  } finally {
    if (scope) await idempotencyFinish(scope, { taskId: task.id }, status).catch((e) => req.log.error({ err: e }, 'idempotency finish failed'));
  }
}
