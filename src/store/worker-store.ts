import type { TaskRow } from '../domain/task.ts';

// The worker part of the store seam: the runners and HTTP workers that announce themselves
// (`GET /v1/workers`), and the attempts that ran past their deadline (for remote workers, whose
// timeout no local timer enforces). Implemented by sqlite/worker-store.ts and postgres/worker-store.ts.

export interface WorkerRow {
  id: string;
  /** `runner`: an Offload process's in-process runner; `http`: a worker speaking the HTTP protocol. */
  kind: 'runner' | 'http';
  /** The one tenant an HTTP worker serves; null: every tenant. */
  tenant: string | null;
  /** The worker key an HTTP worker uses. */
  keyId: string | null;
  name: string;
  node: string;
  types: string[];
  concurrency: number;
  startedAt: number;
  lastHeartbeatAt: number;
}

export interface WorkerHeartbeatParams {
  /** Inserted, or updated (all but id and startedAt) when the id exists. */
  worker: WorkerRow;
}

export interface WorkerListParams {
  /** Workers serving this tenant (its own and every tenant's); null: all. */
  tenant: string | null;
  /** Live: a heartbeat at or after this time. */
  since: number;
}

export interface WorkerTouchParams {
  id: string;
  now: number;
}

export interface WorkerRemoveParams {
  id: string;
}

export interface WorkerPruneParams {
  before: number;
}

export interface TaskListPastDeadlineParams {
  types: string[];
  now: number;
  limit: number;
}

export interface WorkerStore {
  workerHeartbeat(params: WorkerHeartbeatParams): Promise<void>;
  /** Ordered by kind, then name. */
  workerList(params: WorkerListParams): Promise<WorkerRow[]>;
  /** Records a heartbeat of a known worker (an HTTP worker's lease heartbeat); nothing if unknown. */
  workerTouch(params: WorkerTouchParams): Promise<void>;
  workerRemove(params: WorkerRemoveParams): Promise<void>;
  /** Forgets workers not heard of since `before`; how many. */
  workerPrune(params: WorkerPruneParams): Promise<number>;
  /** Running tasks of `types` whose attempt started more than timeoutSeconds before `now`. */
  taskListPastDeadline(params: TaskListPastDeadlineParams): Promise<TaskRow[]>;
}
