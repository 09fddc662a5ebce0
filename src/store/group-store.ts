import type { NewTask, TaskError, TaskRow } from '../domain/task.ts';

// The execution-group part of the store seam (`group: { atomic: true }` on submit): a group row per
// set of tasks submitted together, and what the group coordinator (src/services/group-coordinator.ts)
// needs to fail a group and undo the members that succeeded with compensation tasks. Implemented by
// sqlite/group-store.ts and postgres/group-store.ts.

/**
 * `active` until a member fails for good; `compensating` once the coordinator canceled the unfinished
 * members and creates compensation tasks; `compensated` / `compensation-failed` when every
 * compensation task finished (all succeeded / one did not).
 */
export type TaskGroupState = 'active' | 'compensating' | 'compensated' | 'compensation-failed';

export interface TaskGroupRow {
  id: string;
  tenant: string;
  state: TaskGroupState;
  /** The member whose failure failed the group. */
  failedTaskId: string | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface TaskGroupMember {
  task: TaskRow;
  /** Its compensation task, once created. */
  compensation: { id: string; status: TaskRow['status'] } | null;
}

export interface TaskGroupCreateParams {
  id: string;
  tenant: string;
  now: number;
}

export interface TaskGroupJoinParams {
  tenant: string;
  groupId: string;
  taskIds: string[];
}

export interface TaskGroupGetParams {
  tenant: string | null;
  id: string;
}

export interface TaskGroupMembersParams {
  id: string;
}

export interface TaskGroupsFailedParams {
  limit: number;
}

export interface TaskGroupFailParams {
  id: string;
  failedTaskId: string;
  /** Stored on the members canceled by the failure. */
  error: TaskError;
  now: number;
  retentionMs: number;
}

export interface TaskGroupFailResult {
  /** Pending and queued members, canceled now. */
  canceled: TaskRow[];
  /** Running members, asked to stop (their runner cancels them). */
  requested: TaskRow[];
}

export interface TaskGroupsCompensatingParams {
  limit: number;
}

export interface TaskCompensationCreateParams {
  /** The compensation task: the member's type and input; `compensates` names the member. */
  task: NewTask;
  compensates: string;
}

export interface TaskGroupFinishParams {
  id: string;
  state: 'compensated' | 'compensation-failed';
  now: number;
}

export interface TaskGroupStore {
  taskGroupCreate(params: TaskGroupCreateParams): Promise<void>;
  /** Puts the tasks into the group; false (nothing changed) unless the group is this tenant's and active. */
  taskGroupJoin(params: TaskGroupJoinParams): Promise<boolean>;
  taskGroupGet(params: TaskGroupGetParams): Promise<TaskGroupRow | null>;
  /** Every member (oldest first) with its compensation task. */
  taskGroupMembers(params: TaskGroupMembersParams): Promise<TaskGroupMember[]>;
  /** Active groups with a member that failed or was canceled, and that member. */
  taskGroupsFailed(params: TaskGroupsFailedParams): Promise<{ groupId: string; failedTaskId: string }[]>;
  /**
   * active → compensating in one transaction with canceling the pending/queued members and asking
   * the running ones to stop. null when the group was no longer active (another node did it).
   */
  taskGroupFail(params: TaskGroupFailParams): Promise<TaskGroupFailResult | null>;
  taskGroupsCompensating(params: TaskGroupsCompensatingParams): Promise<TaskGroupRow[]>;
  /** Inserts the compensation task (queued); null when the member already has one. */
  taskCompensationCreate(params: TaskCompensationCreateParams): Promise<TaskRow | null>;
  /** compensating → `state`; false when it was not compensating. */
  taskGroupFinish(params: TaskGroupFinishParams): Promise<boolean>;
}
