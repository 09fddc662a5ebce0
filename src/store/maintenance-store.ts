import type { TaskError, TaskRow, TaskStatus } from '../domain/task.ts';

// The maintenance part of the store seam: what the background chores (src/services) run over the
// whole queue, and the leases that keep each chore on one node at a time. Implemented by
// sqlite/maintenance-store.ts and postgres/maintenance-store.ts.

export interface TaskRescueExpiredParams {
  now: number;
  error: TaskError;
  retentionMs: number;
  limit: number;
}

export interface TaskRescueExpiredResult {
  requeued: TaskRow[];
  failed: TaskRow[];
}

export interface TaskPromoteDueParams {
  now: number;
  limit: number;
}

export interface TaskPromoteDueResult {
  promoted: number;
  nextRunAt: number | null;
}

export interface TaskExpireParams {
  now: number;
  error: TaskError;
  retentionMs: number;
  limit: number;
}

export interface TaskExpireResult {
  canceled: TaskRow[];
  purged: TaskRow[];
}

export interface TaskListDestroyPendingParams {
  limit: number;
}

export interface QueueDepthRow {
  type: string;
  status: TaskStatus;
  count: number;
}

export interface ChoreLeaseAcquireParams {
  name: string;
  holder: string;
  ttlMs: number;
  now: number;
}

export interface ChoreLeaseReleaseParams {
  name: string;
  holder: string;
}

export interface MaintenanceStore {
  // ── tasks ────────────────────────────────────────────────────────────────────────────────────
  /**
   * Running tasks whose lease expired before `now`: back to queued (runAt = now) when attempts are
   * left, else failed with `error`. Clears the lease, so the old token can no longer write.
   */
  taskRescueExpired(params: TaskRescueExpiredParams): Promise<TaskRescueExpiredResult>;
  /** pending tasks with runAt ≤ now → queued. `nextRunAt`: the earliest runAt still pending. */
  taskPromoteDue(params: TaskPromoteDueParams): Promise<TaskPromoteDueResult>;
  /**
   * Expiry: pending/queued tasks past expiresAt → canceled with `error` (expiresAt pushed by
   * retentionMs); finished tasks past expiresAt → destroyed with a tombstone ('expired').
   */
  taskExpire(params: TaskExpireParams): Promise<TaskExpireResult>;
  /** Tasks whose destroy was requested and that are no longer running (runner died, etc.). */
  taskListDestroyPending(params: TaskListDestroyPendingParams): Promise<TaskRow[]>;
  taskQueueDepth(): Promise<QueueDepthRow[]>;

  // ── singleton maintenance chores (one node at a time, failover when its holder dies) ─────────
  /** Acquire or renew the named chore lease for `holder`; true when `holder` holds it until now + ttlMs. */
  choreLeaseAcquire(params: ChoreLeaseAcquireParams): Promise<boolean>;
  choreLeaseRelease(params: ChoreLeaseReleaseParams): Promise<void>;
}
