import type { TaskError, TaskRow } from '../domain/task.ts';
import type { TenantLimit } from '../domain/tenant-budget.ts';

// The attempt part of the store seam: the runner's side. A claim hands out a lease token, and every
// later write of the attempt is fenced by it: once the lease is lost (rescued, re-claimed, finished)
// the write changes nothing and answers null / ok: false. Implemented by sqlite/attempt-store.ts and
// postgres/attempt-store.ts.

export interface TaskClaimParams {
  types: string[];
  perType: Record<string, number>;
  limit: number;
  workerId: string;
  leaseMs: number;
  now: number;
  /** Only this tenant's tasks (a worker key of one tenant); absent or null: every tenant's. */
  tenant?: string | null;
  /**
   * At most this many running tasks per tenant, counted over every worker of the store; absent or
   * null: no limit. Claims under a limit are serialised (they count what is running first).
   */
  tenantLimit?: TenantLimit | null;
}

export type { TenantLimit } from '../domain/tenant-budget.ts';

export interface ClaimedTask {
  task: TaskRow;
  leaseToken: string;
}

export interface TaskHeartbeatParams {
  id: string;
  leaseToken: string;
  leaseMs: number;
  now: number;
}

/** What a heartbeat or a progress report learns: whether the lease still holds, and a cancel request. */
export interface LeaseStatus {
  ok: boolean;
  cancelRequested: boolean;
}

export interface TaskProgressParams {
  id: string;
  leaseToken: string;
  percent: number | null;
  message: string | null;
  current: number | null;
  total: number | null;
  now: number;
}

export interface TaskCompleteParams {
  id: string;
  leaseToken: string;
  resultJson: string | null;
  now: number;
  retentionMs: number;
}

export interface TaskCompleteManyParams {
  items: TaskCompleteParams[];
}

export interface TaskFailParams {
  id: string;
  leaseToken: string;
  error: TaskError;
  retryAt: number | null;
  now: number;
  retentionMs: number;
}

export interface TaskReleaseParams {
  id: string;
  leaseToken: string;
  now: number;
}

export interface TaskCancelAttemptParams {
  id: string;
  leaseToken: string;
  error: TaskError;
  now: number;
  retentionMs: number;
}

export interface TaskCancelRequestedParams {
  ids: string[];
}

export interface AttemptStore {
  /**
   * Claims up to `limit` queued tasks whose runAt ≤ now, highest priority first, then runAt, then
   * submission order, of the given types with at most `perType[type]` each. Sets running, attempts+1,
   * startedAt, a fresh lease token per task, leaseExpiresAt = now + leaseMs, workerId. Tasks of a
   * paused queue (queue-store.ts) are skipped, as are tenants at their `tenantLimit`.
   */
  taskClaim(params: TaskClaimParams): Promise<ClaimedTask[]>;
  /** Extends the lease; `ok: false` when the lease is no longer this token's. */
  taskHeartbeat(params: TaskHeartbeatParams): Promise<LeaseStatus>;
  taskProgress(params: TaskProgressParams): Promise<LeaseStatus>;
  /**
   * running → succeeded, records the result, expiresAt = now + retentionMs, and folds the attempt's
   * duration into the type's statistics, in one transaction. null when the lease was lost.
   */
  taskComplete(params: TaskCompleteParams): Promise<TaskRow | null>;
  /**
   * taskComplete for many attempts in one transaction (one statement on PostgreSQL), with one
   * statistics write per type: what the engine's write batcher calls with the completions of one
   * event-loop turn. One answer per item, in item order; null where the lease was lost. Items apply
   * as if one after the other, so a second completion of the same attempt finds the lease gone.
   */
  taskCompleteMany(params: TaskCompleteManyParams): Promise<(TaskRow | null)[]>;
  /**
   * running → pending with runAt = retryAt (attempts left), or → failed when retryAt is null.
   * null when the lease was lost.
   */
  taskFail(params: TaskFailParams): Promise<TaskRow | null>;
  /**
   * Gives an attempt back unfinished (the worker is shutting down): running → queued with
   * runAt = now, attempts − 1 (the attempt does not count), lease and startedAt cleared.
   * null when the lease was lost. Announces the task as changed and its type as available.
   */
  taskRelease(params: TaskReleaseParams): Promise<TaskRow | null>;
  /** running → canceled after the handler stopped on a cancel request. null when the lease was lost. */
  taskCancelAttempt(params: TaskCancelAttemptParams): Promise<TaskRow | null>;
  /** Ids among `ids` (running) whose cancel was requested: the runner's cross-process cancel watch. */
  taskCancelRequested(params: TaskCancelRequestedParams): Promise<string[]>;
}
