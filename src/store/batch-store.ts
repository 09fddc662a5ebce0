import type { TaskStatus } from '../domain/task.ts';

// The batch part of the store seam: durable batches (POST /v1/batch with Prefer: respond-async).
// A batch is dispatched by one node at a time under a lease (like an attempt): every write of the
// dispatch is fenced by the lease token, and a batch whose node died is claimed again once its
// lease expired, to run the sub-requests that have no response yet. Implemented by
// sqlite/batch-store.ts and postgres/batch-store.ts.

/**
 * accepted (stored, not dispatching) → running (a node dispatches it) → dispatched (every
 * sub-request answered) → completed (and every task they created is finished: batch.completed).
 */
export type BatchStatus = 'accepted' | 'running' | 'dispatched' | 'completed';

export interface NewBatch {
  id: string;
  tenant: string;
  /** The API key that submitted it: the sub-requests run as that key (refused once it is revoked). */
  keyId: string;
  admin: boolean;
  /** The request list as JSON text, as validated. */
  requestsJson: string;
  total: number;
  createdAt: number;
  expiresAt: number;
}

export interface BatchRow extends NewBatch {
  status: BatchStatus;
  done: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  updatedAt: number;
  dispatchedAt: number | null;
  completedAt: number | null;
  version: number;
  seq: number;
}

/** One sub-request's answer, by its position in the request list. */
export interface BatchResponseRow {
  index: number;
  status: number;
  /** JSON object of header names (lower case) to values. */
  headersJson: string;
  /** JSON text of the body, or null (no body). */
  bodyJson: string | null;
}

export interface BatchLease {
  owner: string;
  token: string;
  expiresAt: number;
}

export interface BatchCreateParams {
  batch: NewBatch;
  /** The accepting node dispatches it at once: it is stored running under this lease. */
  lease: BatchLease;
}

export interface BatchGetParams {
  tenant: string | null;
  id: string;
}

export interface BatchListParams {
  tenant: string | null;
  statuses?: BatchStatus[];
  limit: number;
  cursor?: string;
}

export interface BatchListResult {
  batches: BatchRow[];
  nextCursor: string | null;
}

export interface BatchResponsesParams {
  id: string;
}

export interface BatchClaimParams {
  owner: string;
  leaseMs: number;
  now: number;
  limit: number;
}

export interface BatchClaimed {
  batch: BatchRow;
  leaseToken: string;
}

export interface BatchHeartbeatParams {
  id: string;
  leaseToken: string;
  leaseMs: number;
  now: number;
}

export interface BatchRecordParams {
  id: string;
  leaseToken: string;
  responses: BatchResponseRow[];
  /** Tasks the recorded sub-requests created. */
  taskIds: string[];
  now: number;
}

export interface BatchDispatchedParams {
  id: string;
  leaseToken: string;
  now: number;
}

export interface BatchListCompletableParams {
  limit: number;
}

export interface BatchCompleteParams {
  id: string;
  now: number;
  /** The `batch.completed` event's data (JSON text), recorded when the tenant has an enabled endpoint. */
  eventDataJson: string;
}

export interface BatchTaskSummaryParams {
  id: string;
  now: number;
}

/** The batch's tasks of one type in one status. */
export interface BatchTaskSummaryRow {
  type: string;
  status: TaskStatus;
  count: number;
  /** Of these, how many reported a percent, and its sum. */
  reported: number;
  reportedPercentSum: number;
  /** Of these, how many started, and the sum of their time since they started (ms, up to `now`). */
  started: number;
  elapsedMsSum: number;
}

export interface BatchTaskIdsParams {
  id: string;
  limit: number;
}

export interface BatchEventsTakeParams {
  limit: number;
}

/** A batch.completed event not yet fanned out (shares the task events' table and outbox). */
export interface BatchEventRow {
  /** In the task events' id sequence: deliveries are keyed by it. */
  id: number;
  tenant: string;
  batchId: string;
  type: 'batch.completed';
  createdAt: number;
  /** The batch as it was when it completed. */
  batch: Record<string, unknown>;
}

export interface BatchPurgeParams {
  now: number;
  limit: number;
}

export interface BatchStore {
  batchCreate(params: BatchCreateParams): Promise<BatchRow>;
  batchGet(params: BatchGetParams): Promise<BatchRow | null>;
  /** Newest first, cursor-paginated. */
  batchList(params: BatchListParams): Promise<BatchListResult>;
  /** Recorded responses, by index. */
  batchResponses(params: BatchResponsesParams): Promise<BatchResponseRow[]>;
  /** Accepted batches, and running ones whose lease expired (their node died): running under a fresh lease. */
  batchClaim(params: BatchClaimParams): Promise<BatchClaimed[]>;
  /** Extends the lease; false when it is no longer this token's. */
  batchHeartbeat(params: BatchHeartbeatParams): Promise<boolean>;
  /**
   * Records responses (an index already answered is kept as it was) and links the tasks; counts
   * `done`. Fenced: false, nothing written, when the lease is no longer this token's.
   */
  batchRecord(params: BatchRecordParams): Promise<boolean>;
  /** running → dispatched (every sub-request answered), lease released. null when the lease was lost. */
  batchDispatched(params: BatchDispatchedParams): Promise<BatchRow | null>;
  /** Dispatched batches none of whose tasks is still pending, queued or running. */
  batchListCompletable(params: BatchListCompletableParams): Promise<string[]>;
  /** dispatched → completed, with its batch.completed event in the same transaction. null when not dispatched. */
  batchComplete(params: BatchCompleteParams): Promise<BatchRow | null>;
  batchTaskSummary(params: BatchTaskSummaryParams): Promise<BatchTaskSummaryRow[]>;
  /** The linked task ids, oldest first. */
  batchTaskIds(params: BatchTaskIdsParams): Promise<string[]>;
  /**
   * Up to `limit` batch events not yet fanned out, oldest first. Call inside withTransaction together
   * with webhookDeliveryCreateMany (which marks them done), as taskEventsTake.
   */
  batchEventsTake(params: BatchEventsTakeParams): Promise<BatchEventRow[]>;
  /** Removes batches past their expiry, with their responses and task links. */
  batchPurge(params: BatchPurgeParams): Promise<number>;
}
