import type { DurationStats } from './estimates.ts';
import { TASK_STATUSES, type TaskStatus } from './task.ts';

// The progress of the work a batch started (its sub-requests' tasks), not of its dispatch, which is
// over in milliseconds while the tasks run for minutes. The same rules as a task's progress (seed
// 002), summed over the tasks: a finished task is 100 % of its share (whatever its outcome: the work
// is over), a running one its reported percent or, with duration statistics, min(99, elapsed ÷ mean);
// a waiting one 0. The ETA is when the slowest type's remaining work is done at its parallelism.

/** The tasks of one type in one status (as the store sums them). */
export interface TaskGroupSummary {
  type: string;
  status: TaskStatus;
  count: number;
  reported: number;
  reportedPercentSum: number;
  started: number;
  elapsedMsSum: number;
}

export interface BatchWorkProgress {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** 0–100, one decimal. */
  percent: number;
  /** Every task finished. */
  finished: boolean;
  /** ms since the epoch, null while some unfinished type has no duration statistics. */
  estimatedCompletionAt: number | null;
}

export interface BatchProgressInput {
  rows: TaskGroupSummary[];
  stats: ReadonlyMap<string, DurationStats | null>;
  parallelism: (type: string) => number;
  now: number;
}

export function batchWorkProgress(input: BatchProgressInput): BatchWorkProgress {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  let total = 0;
  let points = 0;
  const remainingByType = new Map<string, number>();
  let unknown = false;
  for (const row of input.rows) {
    byStatus[row.status] += row.count;
    total += row.count;
    const stats = input.stats.get(row.type) ?? null;
    const mean = stats && stats.count > 0 ? Math.max(1, stats.meanMs) : null;
    if (row.status === 'succeeded' || row.status === 'failed' || row.status === 'canceled') {
      points += 100 * row.count;
      continue;
    }
    if (mean === null) unknown = true;
    let remaining = 0;
    if (row.status === 'running') {
      const unreported = row.count - row.reported;
      // The running tasks that reported count their percent; the others their estimate from the
      // mean elapsed time of the started ones (all running tasks have started).
      const elapsedMean = row.started > 0 ? row.elapsedMsSum / row.started : 0;
      const estimated = mean === null ? 0 : Math.min(99, (elapsedMean / mean) * 100);
      points += Math.min(100 * row.reported, row.reportedPercentSum) + estimated * unreported;
      if (mean !== null) remaining = row.count * Math.max(0, mean - elapsedMean);
    } else if (mean !== null) {
      remaining = row.count * mean;
    }
    remainingByType.set(row.type, (remainingByType.get(row.type) ?? 0) + remaining);
  }
  let eta: number | null = null;
  if (!unknown && total > 0) {
    let longest = 0;
    for (const [type, ms] of remainingByType) longest = Math.max(longest, ms / Math.max(1, input.parallelism(type)));
    eta = input.now + Math.ceil(longest);
  }
  const finished = byStatus.pending + byStatus.queued + byStatus.running === 0;
  return {
    total,
    byStatus,
    percent: total === 0 ? 100 : Math.round((points / total) * 10) / 10,
    finished,
    estimatedCompletionAt: finished ? null : eta,
  };
}
