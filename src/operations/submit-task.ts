import type { Config } from '../config/defaults.ts';
import { isTerminal, type TaskRow } from '../domain/task.ts';
import { type Store, StoreUnavailableError } from '../store/store.ts';
import { ProblemError } from '../domain/problems.ts';
import {
  type IdempotencyScope,
  idempotencyAttach,
  idempotencyFinish,
  idempotencyOtherKind,
  idempotencyStart,
} from './idempotency.ts';
import type { InsertBatcher } from './insert-batcher.ts';
import type { OperationLog } from './operation-log.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { InsertOutcome, PreparedTask, Submitter } from './submitter.ts';
import { loadTask } from './task-lookup.ts';
import type { TaskTypes } from './task-types.ts';
import { waitForTask } from './wait-for-task.ts';

// Submit a task (POST /v1/tasks): rate limit → validate → idempotency key → insert → hold the
// answer while the caller prefers to wait. Answers 202 accepted, 201 when a wait saw the task finish,
// 200 for a replay (same customId and body, or the same Idempotency-Key).

export interface SubmitDeps {
  config: Readonly<Config>;
  taskTypes: TaskTypes;
  submitter: Submitter;
  rateLimiter: RateLimiter;
  /** Group commit for plain submissions; used only when `store` is the batcher's own (root) store. */
  insertBatcher: InsertBatcher;
  now: () => number;
}

/** The client's `Prefer` (RFC 7240), already parsed and capped. */
export interface SubmitPreferences {
  respondAsync: boolean;
  wait: number | null;
}

export interface SubmitTaskParams {
  tenant: string;
  body: unknown;
  idempotencyKey: string | null;
  prefer: SubmitPreferences;
  /** Aborts a wait when the client went away. */
  signal?: AbortSignal;
  /** For failures that must not change the answer (an idempotency record that could not be finished). */
  log?: OperationLog;
}

export interface SubmitResult {
  task: TaskRow;
  status: 200 | 201 | 202;
  replayed: boolean;
  /** For `Preference-Applied`. */
  preferenceApplied: string | null;
}

export async function submitTask(store: Store, params: SubmitTaskParams, deps: SubmitDeps): Promise<SubmitResult> {
  const { tenant, idempotencyKey } = params;
  const now = deps.now();
  deps.rateLimiter.take(tenant);
  const prepared = deps.submitter.prepare(tenant, params.body, now);
  const scope: IdempotencyScope | null = idempotencyKey ? { tenant, key: idempotencyKey } : null;
  let outcome: InsertOutcome;
  try {
    if (scope) {
      // The key's record, the task and the link between them commit together or not at all.
      const keyed = await store.withTransaction(async (tx) => {
        const waitSeconds = waitSecondsFor(prepared, params.prefer, deps, store.inTransaction);
        const start = await idempotencyStart(tx, scope, deps.config, prepared.task.fingerprint, now, waitSeconds);
        if (start.state === 'done') return { replay: start };
        const inserted = await deps.submitter.insert(tx, prepared);
        await idempotencyAttach(tx, scope, { taskId: inserted.task.id }, inserted.created ? 202 : 200);
        return { inserted };
      });
      if (keyed.replay) {
        if (!('taskId' in keyed.replay)) throw idempotencyOtherKind();
        const task = await loadTask(store, tenant, keyed.replay.taskId);
        return { task, status: keyed.replay.statusCode as SubmitResult['status'], replayed: true, preferenceApplied: null };
      }
      outcome = keyed.inserted;
    } else if (prepared.task.customId === null && prepared.links === null && store === deps.insertBatcher.store) {
      // Plain submissions have nothing to look up first and one row to write, so concurrent ones
      // share a commit — unless the caller runs inside a transaction of its own.
      outcome = { task: await deps.insertBatcher.insert(prepared.task), created: true };
    } else {
      outcome = await store.withTransaction((tx) => deps.submitter.insert(tx, prepared));
    }
  } catch (err) {
    throw err instanceof StoreUnavailableError ? outcomeUnknown([prepared.task.id], deps, err) : err;
  }
  return settleSubmission(store, prepared, outcome, scope, params, deps);
}

/**
 * Seconds the caller will be held for the task: `Prefer` first, else the type's synchronous default.
 * Never inside a transaction of the caller's (an atomic batch group): nobody can run the task before
 * it commits.
 */
export function waitSecondsFor(
  prepared: PreparedTask,
  prefer: SubmitPreferences,
  deps: Pick<SubmitDeps, 'config' | 'taskTypes'>,
  inTransaction = false,
): number {
  const waitMax = deps.config.limits.waitMaxSeconds;
  if (prefer.respondAsync || inTransaction) return 0;
  return prefer.wait ?? Math.min(waitMax, deps.taskTypes.get(prepared.task.type)?.syncWaitSeconds ?? 0);
}

/**
 * The store failed while the submission was being written: it may have committed or not (a commit
 * whose acknowledgement was lost looks exactly like a failure). The answer says so and names the
 * task ids, which were chosen before the write: the client looks them up, or retries with the same
 * Idempotency-Key, which is safe either way.
 */
export function outcomeUnknown(taskIds: string[], deps: Pick<SubmitDeps, 'config'>, cause: unknown): ProblemError {
  const single = taskIds.length === 1;
  return new ProblemError(
    'submission-outcome-unknown',
    single
      ? `The store failed during the submission; task ${taskIds[0]} may or may not have been created. Look it up, or retry with the same Idempotency-Key.`
      : 'The store failed during the submission; its tasks may or may not have been created. Look them up, or retry with the same Idempotency-Key.',
    {
      extensions: single ? { taskId: taskIds[0] } : { taskIds },
      headers: {
        'retry-after': String(deps.config.retryAfter.defaultSeconds),
        ...(single ? { location: `/v1/tasks/${taskIds[0]}` } : {}),
      },
      cause,
    },
  );
}

/**
 * Replays answer at once; new tasks may be held per `Prefer` or the type's sync default. The
 * idempotency record (when there is one) is finished with the status the caller gets.
 */
export async function settleSubmission(
  store: Store,
  prepared: PreparedTask,
  outcome: InsertOutcome,
  scope: IdempotencyScope | null,
  params: Pick<SubmitTaskParams, 'prefer' | 'signal' | 'log'>,
  deps: Pick<SubmitDeps, 'config' | 'taskTypes'>,
): Promise<SubmitResult> {
  if (!outcome.created) {
    if (scope) await idempotencyFinish(store, scope, { taskId: outcome.task.id }, 200);
    return { task: outcome.task, status: 200, replayed: true, preferenceApplied: null };
  }
  let status: SubmitResult['status'] = 202;
  let task: TaskRow = outcome.task;
  try {
    const { prefer } = params;
    const waitSeconds = waitSecondsFor(prepared, prefer, deps, store.inTransaction);
    const applied = prefer.respondAsync ? 'respond-async' : prefer.wait !== null && !store.inTransaction ? `wait=${prefer.wait}` : null;
    if (waitSeconds > 0) {
      await waitForTask({
        store,
        id: task.id,
        version: task.version,
        timeoutMs: waitSeconds * 1000,
        pollMs: deps.config.worker.pollIntervalMs,
        signal: params.signal,
        until: (t) => t === null || isTerminal(t.status),
      });
      task = await loadTask(store, null, task.id);
    }
    if (isTerminal(task.status)) status = 201;
    return { task, status, replayed: false, preferenceApplied: applied };
  } finally {
    if (scope) {
      await idempotencyFinish(store, scope, { taskId: task.id }, status).catch((e) => params.log?.error({ err: e }, 'idempotency finish failed'));
    }
  }
}
