// Terminology
// - task: one unit of work of a registered type, owned by one tenant.
// - attempt: one execution of a task by a runner; a task has at most `maxAttempts` of them.
// - lease: the right of one attempt to record an outcome, identified by `leaseToken` and valid
//   until `leaseExpiresAt`; heartbeats extend it. Every outcome write is fenced by the token, so an
//   attempt whose lease was taken over can never overwrite a newer attempt's outcome.
// - parent / child: a child lists its parents in `dependsOn` (same tenant, existing at submit); it
//   waits until every parent succeeded (or, with dependencyPolicy `always`, finished).
// - execution group: tasks submitted with `group: { atomic: true }`; when a member fails for good the
//   unfinished members are canceled and each member that succeeded is undone by a compensation task
//   (its type's `compensate`).
//
// State machine (driven by the store's transition methods, see src/store/store.ts):
//   pending ──(runAt reached: scheduler)──▶ queued ──(claim)──▶ running
//   pending ──(last parent finished: in the parent's transaction)──▶ queued
//   pending ──(a parent failed, was canceled or destroyed)──▶ failed (dependency-failed)
//   running ──complete──▶ succeeded
//   running ──fail, attempts left──▶ pending (runAt = now + backoff)
//   running ──fail, none left / timeout on the last attempt──▶ failed
//   running ──lease expired (rescuer)──▶ queued, or failed when no attempts are left
//   pending|queued ──cancel──▶ canceled;  running ──cancel──▶ cancelRequested, then canceled
//   any ──destroy──▶ (row removed, tombstone kept: every later call answers 410)

export const TASK_STATUSES = ['pending', 'queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'canceled']);
export const ACTIVE_STATUSES: ReadonlySet<TaskStatus> = new Set(['pending', 'queued', 'running']);

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;

/**
 * Why a failed or canceled task ended, in RFC 9457's shape but without `status` (it would describe
 * an HTTP response; see src/engine/task-errors.ts).
 */
export interface TaskError {
  type: string;
  title: string;
  /** Only on rows written by older versions; never shown by the API. */
  status?: number;
  detail?: string;
  code: string;
}

/** A stored error as the API shows it: rows written by older versions may carry a `status`. */
export function taskErrorForApi(error: TaskError): TaskError {
  if (error.status === undefined) return error;
  const { status: _status, ...rest } = error;
  return rest;
}

export interface TaskProgress {
  percent: number | null;
  message: string | null;
  current: number | null;
  total: number | null;
}

/** A task as the store keeps it. Times are milliseconds since the epoch. */
export interface TaskRow {
  id: string;
  tenant: string;
  type: string;
  status: TaskStatus;
  customId: string | null;
  priority: number;
  /** The input as JSON text; parsed only where needed (hot paths never parse it). */
  inputJson: string;
  metadata: Metadata | null;
  /** sha256 of the canonical submission body, to tell a replay from a conflicting resubmission. */
  fingerprint: string;
  runAt: number;
  timeoutSeconds: number;
  maxAttempts: number;
  attempts: number;
  leaseToken: string | null;
  leaseExpiresAt: number | null;
  workerId: string | null;
  cancelRequested: boolean;
  destroyRequested: boolean;
  progress: TaskProgress;
  /** The result as JSON text, or null. */
  resultJson: string | null;
  error: TaskError | null;
  callbackUrl: string | null;
  createdAt: number;
  startedAt: number | null;
  updatedAt: number;
  finishedAt: number | null;
  expiresAt: number;
  /** Incremented on every change of the row; the long-poll and ETag change detector. */
  version: number;
  /** Monotonic insertion order (submission order for the queue, cursor for lists). */
  seq: number;
  /** The task graph and the execution group. */
  graph: TaskGraphFields;
}

/** What a submission stores; the store fills status, attempts, lease, times and counters. */
export interface NewTask {
  id: string;
  tenant: string;
  type: string;
  /** `queued` when runnable now, `pending` when runAt is in the future. */
  status: 'pending' | 'queued';
  customId: string | null;
  priority: number;
  inputJson: string;
  metadata: Metadata | null;
  fingerprint: string;
  runAt: number;
  timeoutSeconds: number;
  maxAttempts: number;
  callbackUrl: string | null;
  createdAt: number;
  expiresAt: number;
  /**
   * Files named in the input's file fields (the type's `files`): the task holds them while it is
   * pending, queued or running (docs/files.md "File holds"). Ids that are not ready files of the
   * tenant hold nothing.
   */
  heldFiles?: string[];
}

/**
 * Where a task stands in a task graph and an execution group. A child waits (`pending`) while
 * `waiting` > 0: the parents it still waits for. The store's triggers keep `waiting` and the status in
 * step with the parents (src/store/sqlite/migrations/008_batches_task_graphs.sql).
 */
export interface TaskGraphFields {
  /** The parents, as submitted; null without dependsOn. */
  dependsOn: string[] | null;
  dependencyPolicy: DependencyPolicy;
  waiting: number;
  /** Some task depends on this one (its outcome is resolved into its children). */
  hasDependents: boolean;
  /** 0 without parents, else 1 + the deepest parent's. */
  depth: number;
  groupId: string | null;
  /** On a compensation task: the member it undoes. */
  compensates: string | null;
  /** On a member: its compensation task succeeded. */
  compensated: boolean;
}

/** `succeeded` (the default): run only when every parent succeeded; `always`: run once every parent finished. */
export type DependencyPolicy = 'succeeded' | 'always';

export const NO_GRAPH: Readonly<TaskGraphFields> = Object.freeze({
  dependsOn: null,
  dependencyPolicy: 'succeeded',
  waiting: 0,
  hasDependents: false,
  depth: 0,
  groupId: null,
  compensates: null,
  compensated: false,
});

export interface Tombstone {
  id: string;
  tenant: string;
  reason: 'destroyed' | 'expired';
  at: number;
}
