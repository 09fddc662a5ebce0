import type { Config } from '../config/defaults.ts';
import type { TaskError, TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import type { AbortReason } from './abort-reasons.ts';
import { retryDelayMs } from './backoff.ts';
import { PermanentFailure, RetryAfter } from './define-task.ts';
import { type CleanupFn, runTaskCleanup } from './task-cleanup.ts';
import type { PinoLike } from './task-context.ts';
import { describeThrown, taskError } from './task-errors.ts';

// The attempt-outcome rules, in one place: how what happened to an attempt becomes exactly one
// fenced store write (or none), whoever ran it — the in-process executor, a CPU thread, or a remote
// worker reporting over HTTP.
//
// - returned         → succeeded, unless the result is not JSON or exceeds limits.resultBytes
//                      (then it fails permanently: retrying would produce the same result)
// - threw / failed   → retried with exponential backoff and full jitter while attempts are left;
//                      a PermanentFailure (or a report saying permanent) fails at once; a RetryAfter
//                      (or a report with retryAfterSeconds) sets the next attempt's time instead of
//                      the backoff, capped at tasks.retryMaxSeconds
// - timed-out        → like a failure (`timeout`), retried while attempts are left
// - abandoned        → the handler did not stop after its signal aborted: a failure
// - canceled         → canceled (the cancel request reached the handler), then cleanup
// - destroyed        → cleanup, then the row is destroyed (tombstone)
// - released         → given back unfinished (shutdown): queued again, the attempt does not count
// - lease-lost       → nothing is written: a newer attempt owns the task
// After the final failure and after a cancel the type's cleanup runs. Every write is fenced by the
// lease token; a write that finds the lease gone records nothing and reports `lease-lost`.

export type AttemptOutcome =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'failed'; message: string; permanent: boolean; retryAfterSeconds?: number | null }
  | { kind: 'timed-out' }
  | { kind: 'abandoned'; reason: string }
  | { kind: 'canceled' }
  | { kind: 'destroyed' }
  | { kind: 'released' }
  | { kind: 'lease-lost' };

/** What was recorded (a metric label): the task's new state, or that nothing was written. */
export type RecordedOutcome = 'succeeded' | 'retried' | 'failed' | 'timeout' | 'canceled' | 'destroyed' | 'released' | 'lease-lost';

export interface AttemptRef {
  task: TaskRow;
  leaseToken: string;
}

export interface OutcomeDeps {
  store: Store;
  config: Pick<Config, 'tasks' | 'limits' | 'retention'>;
  cleanupOf(type: string): CleanupFn | undefined;
  /** The type's own retention of finished tasks (TaskDefinition.retentionSeconds), if it has one. */
  retentionOf?(type: string): number | undefined;
  logger: PinoLike;
  /** Records a success; defaults to `store.taskComplete` (the executor passes a batching one). */
  complete?: Store['taskComplete'];
  /** Told of every recorded attempt (the attempt metrics): its type, outcome and duration since its claim. */
  onRecorded?: (attempt: RecordedAttempt) => void;
  now?: () => number;
}

export interface RecordedAttempt {
  type: string;
  outcome: RecordedOutcome;
  /** From the claim of this attempt to its outcome. */
  durationMs: number;
}

/** How a handler run in this process ended: settled, or abandoned after its signal aborted. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown } | { abandoned: true };

/**
 * The outcome of a handler run in this process, from how it settled and why its signal aborted (if
 * it did). A handler that finished its work wins over a cancel, timeout or shutdown that came too late.
 */
export function outcomeOf(settled: Settled, reason: AbortReason | null): AttemptOutcome {
  if (reason === 'lease-lost') return { kind: 'lease-lost' };
  if (reason === 'destroyed') return { kind: 'destroyed' };
  if ('ok' in settled && settled.ok) return { kind: 'returned', value: settled.value };
  if (reason === 'canceled') return { kind: 'canceled' };
  if (reason === 'shutdown') return { kind: 'released' };
  if (reason === 'timeout') return { kind: 'timed-out' };
  if ('abandoned' in settled) return { kind: 'abandoned', reason: String(reason) };
  return { kind: 'threw', error: settled.error };
}

export async function recordAttemptOutcome(deps: OutcomeDeps, attempt: AttemptRef, outcome: AttemptOutcome): Promise<RecordedOutcome> {
  const recorded = await record(deps, attempt, outcome);
  if (deps.onRecorded) {
    const { task } = attempt;
    const durationMs = Math.max(0, (deps.now ?? Date.now)() - (task.startedAt ?? task.updatedAt));
    deps.onRecorded({ type: task.type, outcome: recorded, durationMs });
  }
  return recorded;
}

async function record(deps: OutcomeDeps, attempt: AttemptRef, outcome: AttemptOutcome): Promise<RecordedOutcome> {
  const { store, config, logger } = deps;
  const { task, leaseToken } = attempt;
  const now = (deps.now ?? Date.now)();
  const retentionMs = retentionMsOf(deps, task.type);
  const fenced = { id: task.id, leaseToken, now, retentionMs };
  const dropped = (what: string): RecordedOutcome => {
    logger.warn({ taskId: task.id, attempt: task.attempts }, `lease lost: ${what} dropped`);
    return 'lease-lost';
  };
  const cleanup = (reason: 'failed' | 'canceled' | 'destroyed') => runTaskCleanup(deps.cleanupOf(task.type), logger, task, reason);

  switch (outcome.kind) {
    case 'lease-lost':
      return dropped('outcome');
    case 'destroyed':
      await cleanup('destroyed');
      await store.taskDestroy({ tenant: null, id: task.id, reason: 'destroyed', now });
      return 'destroyed';
    case 'returned': {
      const result = serializeResult(outcome.value, config.limits.resultBytes);
      if ('error' in result) return fail(deps, attempt, taskError('permanent-failure', result.error), true);
      const complete = deps.complete ?? ((p) => store.taskComplete(p));
      return (await complete({ ...fenced, resultJson: result.json })) ? 'succeeded' : dropped('result');
    }
    case 'canceled': {
      const row = await store.taskCancelAttempt({ ...fenced, error: taskError('canceled', 'canceled while running') });
      if (!row) return dropped('cancel');
      await cleanup('canceled');
      return 'canceled';
    }
    case 'released':
      return (await store.taskRelease({ id: task.id, leaseToken, now })) ? 'released' : dropped('release');
    case 'timed-out':
      return fail(deps, attempt, taskError('timeout', `attempt exceeded ${task.timeoutSeconds}s`), false, 'timeout');
    case 'abandoned':
      return fail(deps, attempt, taskError('handler-error', `handler did not stop after abort (${outcome.reason})`), false);
    case 'failed': {
      const error = taskError(outcome.permanent ? 'permanent-failure' : 'handler-error', outcome.message);
      return fail(deps, attempt, error, outcome.permanent, 'failed', outcome.retryAfterSeconds ?? null);
    }
    case 'threw': {
      const permanent = outcome.error instanceof PermanentFailure;
      if (!permanent) logger.info({ err: outcome.error, taskId: task.id, attempt: task.attempts }, 'attempt failed');
      const error = taskError(permanent ? 'permanent-failure' : 'handler-error', describeThrown(outcome.error));
      const after = outcome.error instanceof RetryAfter ? outcome.error.delaySeconds : null;
      return fail(deps, attempt, error, permanent, 'failed', after);
    }
  }
}

async function fail(
  deps: OutcomeDeps,
  attempt: AttemptRef,
  error: TaskError,
  final: boolean,
  label: RecordedOutcome = 'failed',
  retryAfterSeconds: number | null = null,
): Promise<RecordedOutcome> {
  const { task, leaseToken } = attempt;
  const { config } = deps;
  const now = (deps.now ?? Date.now)();
  const last = final || task.attempts >= task.maxAttempts;
  // A delay the handler (or its upstream) asked for replaces the backoff, exactly: no jitter, since
  // the upstream named the time; the cap still holds, so a bogus header cannot park a task for years.
  const delayMs =
    retryAfterSeconds !== null
      ? Math.round(Math.min(retryAfterSeconds, config.tasks.retryMaxSeconds) * 1000)
      : retryDelayMs(task.attempts, config.tasks.retryBaseSeconds, config.tasks.retryMaxSeconds);
  const retryAt = last ? null : now + delayMs;
  const retentionMs = retentionMsOf(deps, task.type);
  const row = await deps.store.taskFail({ id: task.id, leaseToken, error, retryAt, now, retentionMs });
  if (!row) {
    deps.logger.warn({ taskId: task.id, attempt: task.attempts }, 'lease lost: failure dropped');
    return 'lease-lost';
  }
  if (!last) return 'retried';
  await runTaskCleanup(deps.cleanupOf(task.type), deps.logger, task, 'failed');
  return label;
}

/** The result as stored JSON, or why it cannot be stored. */
export function serializeResult(value: unknown, maxBytes: number): { json: string | null } | { error: string } {
  if (value === undefined) return { json: null };
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    return { error: `the result is not JSON-serialisable: ${describeThrown(err)}` };
  }
  if (json === undefined) return { json: null };
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) return { error: `the result is ${bytes} bytes, over the ${maxBytes}-byte limit (limits.resultBytes)` };
  return { json };
}

function retentionMsOf(deps: OutcomeDeps, type: string): number {
  return (deps.retentionOf?.(type) ?? deps.config.retention.finishedSeconds) * 1000;
}
