import { isTerminal, type TaskRow } from './task.ts';

// The server keeps duration statistics per task type and derives progress, ETA and Retry-After
// from them, so a task never has to report progress for the monitor to be useful. Progress a task
// does report is the better witness of its own attempt: a running task that says it is p % done
// after e ms is expected to take e / (p / 100) in all.

export interface DurationStats {
  /** Completed attempts observed. */
  count: number;
  /** Exponentially weighted mean duration of successful attempts, in ms. */
  meanMs: number;
}

export interface RetryAfterPolicy {
  /** Lower bound, seconds (≥ 1). */
  minSeconds: number;
  /** Upper bound, seconds. */
  maxSeconds: number;
  /** Used when nothing is known about the type yet. */
  defaultSeconds: number;
}

export interface TaskEstimate {
  percent: number;
  source: 'reported' | 'estimated' | 'none';
  estimatedStartAt: number | null;
  estimatedCompletionAt: number | null;
  /** Integer seconds; null once the task is terminal. */
  retryAfterSeconds: number | null;
}

export interface EstimateInput {
  task: TaskRow;
  stats: DurationStats | null;
  /**
   * Runnable tasks ahead of this one (queued only). May be a lower bound (the API counts only up to
   * `limits.positionExactMax`): the start estimate is then the earliest possible one.
   */
  position: number | null;
  /** How many tasks of this type run at once, as far as the server knows (≥ 1). */
  parallelism: number;
  /**
   * The attempts of this type running now, when the caller knows them: a queued task then starts
   * when one of their slots frees up for it. Without them the slots are taken to be free.
   */
  running?: readonly RunningAttempt[];
  now: number;
  policy: RetryAfterPolicy;
}

export interface RunningAttempt {
  startedAt: number;
  /** Reported progress, if any. */
  percent: number | null;
  /** The attempt is aborted after this long, so it ends by then one way or the other. */
  timeoutSeconds?: number;
}

/** Past this many tasks ahead the slot simulation stops and the rest is worked off on average. */
const SIMULATED_AHEAD_MAX = 10_000;

/** Smoothing for the running mean: recent durations count more, one outlier does not dominate. */
const EWMA_WEIGHT = 0.2;

export function nextDurationStats(prev: DurationStats | null, durationMs: number): DurationStats {
  if (!prev || prev.count === 0) return { count: 1, meanMs: durationMs };
  return { count: prev.count + 1, meanMs: prev.meanMs + EWMA_WEIGHT * (durationMs - prev.meanMs) };
}

export function estimateTask(input: EstimateInput): TaskEstimate {
  const { task, stats, position, now, policy } = input;
  const reported = task.progress.percent;
  if (task.status === 'succeeded') {
    return { percent: 100, source: reported === null ? 'estimated' : 'reported', ...done() };
  }
  if (isTerminal(task.status)) {
    return { percent: reported ?? 0, source: reported === null ? 'none' : 'reported', ...done() };
  }
  const mean = stats && stats.count > 0 ? Math.max(1, stats.meanMs) : null;

  if (task.status === 'running') {
    const started = task.startedAt ?? now;
    const elapsed = Math.max(0, now - started);
    const completion = attemptEnd({ startedAt: started, percent: reported, timeoutSeconds: task.timeoutSeconds }, mean, now);
    const estimated = mean === null ? null : Math.min(99, Math.floor((elapsed / mean) * 100));
    const percent = reported ?? estimated ?? 0;
    const source = reported !== null ? 'reported' : estimated !== null ? 'estimated' : 'none';
    return {
      percent: Math.min(reported === null ? 99 : 100, percent),
      source,
      estimatedStartAt: started,
      estimatedCompletionAt: completion,
      retryAfterSeconds: retryAfter(completion === null ? null : completion - now, policy),
    };
  }

  // pending or queued: it starts when the tasks ahead have been worked off, and not before runAt.
  const parallelism = Math.max(1, input.parallelism);
  const ahead = position ?? 0;
  const waitMs = input.running
    ? slotWait(ahead, parallelism, mean, input.running, now)
    : mean === null
      ? null
      : Math.ceil(ahead / parallelism) * mean;
  const startAt = Math.max(task.runAt, now + (waitMs ?? 0));
  const startKnown = waitMs !== null || task.runAt > now;
  const untilStart = startAt - now;
  return {
    percent: 0,
    source: mean === null ? 'none' : 'estimated',
    estimatedStartAt: startKnown ? startAt : null,
    estimatedCompletionAt: mean === null || !startKnown ? null : startAt + mean,
    retryAfterSeconds: retryAfter(startKnown ? untilStart + (mean ?? 0) : null, policy),
  };
}

/**
 * When a running attempt is expected to end, or null when nothing tells: from its reported
 * progress if it reported more than 0 %, else from the type's mean duration. Never in the past
 * while it runs ("any moment now" instead), never after its timeout aborts it.
 */
export function attemptEnd(attempt: RunningAttempt, meanMs: number | null, now: number): number | null {
  const elapsed = Math.max(0, now - attempt.startedAt);
  const p = attempt.percent;
  let end: number;
  if (p !== null && p > 0) end = p >= 100 ? now : attempt.startedAt + elapsed / (p / 100);
  else if (meanMs !== null) end = attempt.startedAt + Math.max(meanMs, elapsed);
  else return null;
  if (attempt.timeoutSeconds !== undefined && attempt.timeoutSeconds > 0) {
    end = Math.min(end, attempt.startedAt + attempt.timeoutSeconds * 1000);
  }
  return Math.max(now, Math.round(end));
}

/**
 * How long until a slot is free for a task with `ahead` tasks before it: every slot is free now
 * or when its running attempt ends; each task ahead takes the first free slot and holds it for
 * the mean duration. Null when that moment cannot be known (no mean, an attempt with no estimate).
 */
function slotWait(ahead: number, parallelism: number, meanMs: number | null, running: readonly RunningAttempt[], now: number): number | null {
  const slots = Math.max(parallelism, running.length);
  // Nothing to go by (no statistics, no attempt reporting progress): unknown, as without the running list.
  if (meanMs === null && running.every((a) => attemptEnd(a, null, now) === null)) return null;
  const hold = meanMs ?? Number.POSITIVE_INFINITY;
  // Free times from now, ascending; an attempt without an estimate holds its slot for good.
  const free = running.map((a) => {
    const end = attemptEnd(a, meanMs, now);
    return end === null ? Number.POSITIVE_INFINITY : end - now;
  });
  while (free.length < slots) free.push(0);
  free.sort((a, b) => a - b);
  const simulated = Math.min(ahead, SIMULATED_AHEAD_MAX);
  for (let i = 0; i < simulated; i++) insertSorted(free, free.shift()! + hold);
  const rest = ahead - simulated;
  const wait = free[0]! + (rest > 0 ? Math.ceil(rest / slots) * hold : 0);
  return Number.isFinite(wait) ? wait : null;
}

function insertSorted(values: number[], value: number): void {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, value);
}

function done() {
  return { estimatedStartAt: null, estimatedCompletionAt: null, retryAfterSeconds: null };
}

/** When is the next poll worth it: at the expected change, bounded by the policy. */
export function retryAfter(remainingMs: number | null, policy: RetryAfterPolicy): number {
  if (remainingMs === null) return clamp(policy.defaultSeconds, policy);
  return clamp(Math.ceil(remainingMs / 1000), policy);
}

function clamp(seconds: number, policy: RetryAfterPolicy): number {
  return Math.max(policy.minSeconds, Math.min(policy.maxSeconds, Math.round(seconds)));
}
