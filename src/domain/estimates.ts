import { isTerminal, type TaskRow } from './task.ts';

// Seed 002: the server keeps duration statistics per task type and derives progress, ETA and
// Retry-After from them, so a task never has to report progress for the monitor to be useful.

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
  now: number;
  policy: RetryAfterPolicy;
}

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
    const completion = mean === null ? null : started + Math.max(mean, elapsed);
    const estimated = mean === null ? null : Math.min(99, Math.floor((elapsed / mean) * 100));
    const percent = reported ?? estimated ?? 0;
    const source = reported !== null ? 'reported' : estimated !== null ? 'estimated' : 'none';
    const remainingMs = mean === null ? null : Math.max(0, started + mean - now);
    return {
      percent: Math.min(reported === null ? 99 : 100, percent),
      source,
      estimatedStartAt: started,
      estimatedCompletionAt: completion,
      retryAfterSeconds: retryAfter(remainingMs, policy),
    };
  }

  // pending or queued: it starts when the tasks ahead have been worked off, and not before runAt.
  const parallelism = Math.max(1, input.parallelism);
  const ahead = position ?? 0;
  const waitMs = mean === null ? null : Math.ceil(ahead / parallelism) * mean;
  const startAt = Math.max(task.runAt, now + (waitMs ?? 0));
  const startKnown = mean !== null || task.runAt > now;
  const untilStart = startAt - now;
  return {
    percent: 0,
    source: mean === null ? 'none' : 'estimated',
    estimatedStartAt: startKnown ? startAt : null,
    estimatedCompletionAt: mean === null ? null : startAt + mean,
    retryAfterSeconds: retryAfter(startKnown ? untilStart + (mean ?? 0) : null, policy),
  };
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
