import type { QueueEntry } from '../domain/queue-position.ts';
import type { RunningAttempt } from '../domain/estimates.ts';
import type { Metadata, NewTask, TaskError, TaskRow, TaskStatus, Tombstone } from '../domain/task.ts';

// The task part of the store seam: submission, reads, and the changes the API makes to a task.
// Implemented by sqlite/task-store.ts and postgres/task-store.ts.

export interface TaskInsertParams {
  task: NewTask;
}

export interface TaskInsertResult {
  task: TaskRow;
}

export interface TaskInsertManyParams {
  tasks: NewTask[];
}

export interface TaskInsertManyResult {
  tasks: TaskRow[];
}

export interface TaskGetParams {
  tenant: string | null;
  id: string;
}

export interface TaskGetByCustomIdParams {
  tenant: string;
  customId: string;
}

export interface TaskListParams {
  tenant: string | null;
  statuses?: TaskStatus[];
  type?: string;
  customId?: string;
  createdAfter?: number;
  createdBefore?: number;
  /** Exact match on top-level metadata keys (values compared as strings). */
  metadata?: Record<string, string>;
  limit: number;
  /** Opaque position from a previous page (`nextCursor`); newest first. */
  cursor?: string;
}

export interface TaskListResult {
  tasks: TaskRow[];
  nextCursor: string | null;
}

export interface TaskQueueHeadParams {
  type: string;
  limit: number;
}

export interface TaskRunningOfParams {
  type: string;
  limit: number;
}

export interface TaskVersionsParams {
  ids: string[];
}

export interface TaskCancelParams {
  tenant: string | null;
  id: string;
  error: TaskError;
  now: number;
  retentionMs: number;
}

export type CancelOutcome =
  /** pending/queued → canceled now. */
  | 'canceled'
  /** running → cancelRequested; the runner aborts the handler. */
  | 'requested'
  /** already canceled (or cancel already requested): nothing changed. */
  | 'already'
  /** succeeded/failed: cannot cancel. */
  | 'finished';

export interface TaskCancelResult {
  task: TaskRow;
  outcome: CancelOutcome;
}

export interface TaskPatch {
  priority?: number;
  runAt?: number;
  metadata?: Metadata | null;
  callbackUrl?: string | null;
}

export interface TaskUpdateParams {
  tenant: string | null;
  id: string;
  version: number;
  patch: TaskPatch;
  now: number;
}

export type TaskUpdateResult =
  | { outcome: 'updated'; task: TaskRow }
  | { outcome: 'version-mismatch' | 'wrong-state'; task: TaskRow };

export interface TaskRequestDestroyParams {
  tenant: string | null;
  id: string;
  now: number;
}

export interface TaskDestroyParams {
  tenant: string | null;
  id: string;
  reason: Tombstone['reason'];
  now: number;
}

export interface TombstoneGetParams {
  tenant: string | null;
  id: string;
}

export interface TaskStore {
  // ── submission and reads ─────────────────────────────────────────────────────────────────────
  /** Throws `StoreConflictError` ('task-id' | 'custom-id') on a duplicate id or (tenant, customId). */
  taskInsert(params: TaskInsertParams): Promise<TaskInsertResult>;
  /** All or nothing; same conflicts as taskInsert (the error's `index` names the item). */
  taskInsertMany(params: TaskInsertManyParams): Promise<TaskInsertManyResult>;
  taskGet(params: TaskGetParams): Promise<TaskRow | null>;
  taskGetByCustomId(params: TaskGetByCustomIdParams): Promise<TaskRow | null>;
  taskList(params: TaskListParams): Promise<TaskListResult>;
  /**
   * The first `limit` queued tasks of `type` in claim order (priority DESC, runAt, seq): one bounded
   * scan of the queue index, however long the queue is. Positions are computed from it
   * (src/domain/queue-position.ts), one read per type for many documents.
   */
  taskQueueHead(params: TaskQueueHeadParams): Promise<QueueEntry[]>;
  /**
   * Up to `limit` running attempts of `type`, oldest first: when they started, what they reported,
   * their timeout — what a queued task of the type waits for (src/domain/estimates.ts).
   */
  taskRunningOf(params: TaskRunningOfParams): Promise<RunningAttempt[]>;
  /** Current version of each of the ids that still exists (long-poll change detection). */
  taskVersions(params: TaskVersionsParams): Promise<Map<string, number>>;

  // ── changes from the API ─────────────────────────────────────────────────────────────────────
  taskCancel(params: TaskCancelParams): Promise<TaskCancelResult | null>;
  /** Only while pending/queued and only if `version` matches. `runAt` moves pending↔queued as due. */
  taskUpdate(params: TaskUpdateParams): Promise<TaskUpdateResult | null>;
  /** running → cancelRequested + destroyRequested; the runner finishes the destroy. */
  taskRequestDestroy(params: TaskRequestDestroyParams): Promise<TaskRow | null>;
  /** Deletes the row (and its reservation/idempotency links) and writes a tombstone, atomically. */
  taskDestroy(params: TaskDestroyParams): Promise<TaskRow | null>;
  tombstoneGet(params: TombstoneGetParams): Promise<Tombstone | null>;
}
