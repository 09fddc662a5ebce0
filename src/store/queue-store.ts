import type { TaskRow, TaskStatus } from '../domain/task.ts';

// The queue part of the store seam: paused queues (claims skip their tasks, see attempt-store.ts),
// per-type depth for `GET /v1/queues`, and putting a finished task back into its queue by hand.
// Implemented by sqlite/queue-store.ts and postgres/queue-store.ts.

/** The tenant of a pause that holds for every tenant (an admin's). */
export const EVERY_TENANT = '*';

export interface QueuePauseParams {
  type: string;
  /** A tenant, or EVERY_TENANT. */
  tenant: string;
  now: number;
}

export interface QueueResumeParams {
  type: string;
  tenant: string;
}

export interface QueuePauseListParams {
  /** The pauses that hold for this tenant (its own and every tenant's); null: all of them. */
  tenant: string | null;
}

export interface QueuePause {
  type: string;
  /** A tenant, or EVERY_TENANT. */
  tenant: string;
  pausedAt: number;
}

export interface QueueStatsParams {
  tenant: string | null;
}

export interface QueueStatsRow {
  type: string;
  status: Extract<TaskStatus, 'pending' | 'queued' | 'running'>;
  count: number;
  /** The earliest runAt among them (queued: how long the oldest has waited). */
  oldestRunAt: number | null;
}

export interface QueueThroughputParams {
  tenant: string | null;
  /** One type, or every type for null. */
  type: string | null;
  /** Tasks finished at or after this time. */
  since: number;
  bucketMs: number;
}

export interface QueueThroughputRow {
  /** Start of the bucket (a multiple of bucketMs). */
  at: number;
  succeeded: number;
  failed: number;
}

export interface TaskRetryParams {
  tenant: string | null;
  id: string;
  now: number;
  /** A task that never starts expires then (as a new submission would). */
  expiresAt: number;
}

export interface QueueStore {
  /** True when the queue was not paused yet. */
  queuePause(params: QueuePauseParams): Promise<boolean>;
  /** True when it was paused. Announces the type as available, so idle runners claim at once. */
  queueResume(params: QueueResumeParams): Promise<boolean>;
  queuePauseList(params: QueuePauseListParams): Promise<QueuePause[]>;
  /** Active tasks per type and status (finished history is not read). */
  queueStats(params: QueueStatsParams): Promise<QueueStatsRow[]>;
  /** Tasks that succeeded or failed since `since`, counted per bucket of finishedAt (buckets with none are left out). */
  queueThroughput(params: QueueThroughputParams): Promise<QueueThroughputRow[]>;
  /**
   * failed | canceled → queued now, for one more attempt at least: maxAttempts becomes
   * max(maxAttempts, attempts + 1); error, result, progress and finishedAt are cleared. null when
   * the task is not (or no longer) failed or canceled.
   */
  taskRetry(params: TaskRetryParams): Promise<TaskRow | null>;
}
