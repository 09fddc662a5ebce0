import type { DependencyPolicy, TaskRow, TaskStatus } from '../domain/task.ts';

// The task-graph part of the store seam: linking a new task to the parents it depends on, and
// reading a child's parents for its handler (`ctx.parents`). What happens to the children when a
// parent finishes is not a method: the database does it in the parent's own transaction
// (migrations 006), whichever statement finishes it. Implemented by sqlite/graph-store.ts and
// postgres/graph-store.ts.

export interface TaskGraphLinkParams {
  tenant: string;
  /** The task just inserted (status `pending`) in the caller's transaction. */
  childId: string;
  /** Distinct ids, in the order submitted. */
  parentIds: string[];
  policy: DependencyPolicy;
  /** Refuse a child deeper than this (its depth: 1 + its deepest parent's). */
  maxDepth: number;
  now: number;
  /** Retention of a child that fails at once (a parent already failed). */
  retentionMs: number;
}

export type TaskGraphLinkResult =
  /** The child waits for `task.graph.waiting` parents (pending), is runnable (queued, or pending until its runAt), or failed at once. */
  | { outcome: 'linked'; task: TaskRow }
  /** Unknown, another tenant's, gone (destroyed, purged), or the child itself. */
  | { outcome: 'invalid'; ids: string[] }
  | { outcome: 'too-deep'; depth: number };

export interface TaskParentsParams {
  id: string;
}

export interface TaskParent {
  id: string;
  /** null when the parent is gone (destroyed or purged). */
  type: string | null;
  status: TaskStatus | 'gone';
  resultJson: string | null;
}

export interface TaskGraphStore {
  /**
   * Links a child to its parents: marks the parents (their outcome is resolved into their children
   * from now on, under their row locks on PostgreSQL, so a parent finishing meanwhile is either seen
   * finished here or resolves this child itself), records the edges, and sets the child's waiting
   * count, depth and status: `failed` (dependency-failed) at once when a parent already failed and
   * the policy is `succeeded`. Call inside the transaction that inserted the child; any outcome but
   * `linked` may have marked parents: the caller must roll back (throw).
   */
  taskGraphLink(params: TaskGraphLinkParams): Promise<TaskGraphLinkResult>;
  /** The parents of a task, in dependsOn order (none without dependsOn). */
  taskParents(params: TaskParentsParams): Promise<TaskParent[]>;
}
