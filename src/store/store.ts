import type { DurationStats } from '../domain/estimates.ts';
import type { QueueEntry } from '../domain/queue-position.ts';
import type { Metadata, NewTask, TaskError, TaskRow, TaskStatus, Tombstone } from '../domain/task.ts';
import type { WebhookStore } from './webhook-store.ts';

// The store seam. One interface, one implementation per database (src/store/sqlite,
// src/store/postgres), one contract suite (test/store/store-contract.ts) run against each.
// Methods are noun-first, take one params object and return named fields. Times are ms since epoch.
// Every method that changes a task increments its `version` and sets `updatedAt`.
// Methods taking `tenant` scope to it; `tenant: null` means "any tenant" (admin keys, runners).

export interface StoreCapabilities {
  /** Claims use FOR UPDATE SKIP LOCKED (PostgreSQL); otherwise claims take the write lock. */
  skipLocked: boolean;
  /** Changes made by other processes are announced (LISTEN/NOTIFY); otherwise consumers poll. */
  crossProcessEvents: boolean;
  /** Several processes may share this store. */
  multiProcess: boolean;
}

export interface StoreEvents {
  /** A task became claimable (inserted queued, promoted, requeued). Returns an unsubscribe. */
  onTaskAvailable(listener: (type: string) => void): () => void;
  /** A task row changed (any transition, progress, cancel request, destroy). */
  onTaskChanged(listener: (taskId: string) => void): () => void;
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

export interface ClaimedTask {
  task: TaskRow;
  leaseToken: string;
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

/**
 * What an idempotency record answers with: the task a single submission created (replayed as that
 * task's current document), or a bulk submission's item outcomes (JSON text owned by the bulk route;
 * the store keeps it opaque).
 */
export type IdempotencyResult = { taskId: string } | { outcome: string };

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in-flight' }
  | { state: 'mismatch' }
  | ({ state: 'done'; statusCode: number } & IdempotencyResult);

export interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string | null;
  admin: boolean;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface QueueDepthRow {
  type: string;
  status: TaskStatus;
  count: number;
}

export interface Store extends WebhookStore {
  readonly capabilities: StoreCapabilities;
  readonly events: StoreEvents;

  /** Apply pending migrations (serialised across processes). Throws if the schema is newer than the code. */
  migrate(): Promise<{ from: number; to: number }>;
  /** Reachable and migrations current: for /readyz. */
  ping(): Promise<{ ok: boolean; schemaVersion: number; codeVersion: number }>;
  close(): Promise<void>;

  /**
   * Runs `fn` with a transactional view of this store. Commit when it resolves, roll back when it
   * throws. Events of the transaction are emitted only after commit. Nested calls on the view reuse
   * the same transaction.
   */
  withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  // ── tasks: submission and reads ─────────────────────────────────────────────────────────────
  /** Throws `StoreConflictError` ('task-id' | 'custom-id') on a duplicate id or (tenant, customId). */
  taskInsert(params: { task: NewTask }): Promise<{ task: TaskRow }>;
  /** All or nothing; same conflicts as taskInsert (the error's `index` names the item). */
  taskInsertMany(params: { tasks: NewTask[] }): Promise<{ tasks: TaskRow[] }>;
  taskGet(params: { tenant: string | null; id: string }): Promise<TaskRow | null>;
  taskGetByCustomId(params: { tenant: string; customId: string }): Promise<TaskRow | null>;
  taskList(params: TaskListParams): Promise<{ tasks: TaskRow[]; nextCursor: string | null }>;
  /**
   * The first `limit` queued tasks of `type` in claim order (priority DESC, runAt, seq): one bounded
   * scan of the queue index, however long the queue is. Positions are computed from it
   * (src/domain/queue-position.ts), one read per type for many documents.
   */
  taskQueueHead(params: { type: string; limit: number }): Promise<QueueEntry[]>;
  /** Current version of each of the ids that still exists (long-poll change detection). */
  taskVersions(params: { ids: string[] }): Promise<Map<string, number>>;

  // ── tasks: changes from the API ──────────────────────────────────────────────────────────────
  taskCancel(params: {
    tenant: string | null;
    id: string;
    error: TaskError;
    now: number;
    retentionMs: number;
  }): Promise<{ task: TaskRow; outcome: CancelOutcome } | null>;
  /** Only while pending/queued and only if `version` matches. `runAt` moves pending↔queued as due. */
  taskUpdate(params: {
    tenant: string | null;
    id: string;
    version: number;
    patch: { priority?: number; runAt?: number; metadata?: Metadata | null; callbackUrl?: string | null };
    now: number;
  }): Promise<{ outcome: 'updated'; task: TaskRow } | { outcome: 'version-mismatch' | 'wrong-state'; task: TaskRow } | null>;
  /** running → cancelRequested + destroyRequested; the runner finishes the destroy. */
  taskRequestDestroy(params: { tenant: string | null; id: string; now: number }): Promise<TaskRow | null>;
  /** Deletes the row (and its reservation/idempotency links) and writes a tombstone, atomically. */
  taskDestroy(params: {
    tenant: string | null;
    id: string;
    reason: Tombstone['reason'];
    now: number;
  }): Promise<TaskRow | null>;
  tombstoneGet(params: { tenant: string | null; id: string }): Promise<Tombstone | null>;

  // ── tasks: runner side (every outcome write is fenced by the lease token) ─────────────────────
  /**
   * Claims up to `limit` queued tasks whose runAt ≤ now, highest priority first, then runAt, then
   * submission order, of the given types with at most `perType[type]` each. Sets running, attempts+1,
   * startedAt, a fresh lease token per task, leaseExpiresAt = now + leaseMs, workerId.
   */
  taskClaim(params: {
    types: string[];
    perType: Record<string, number>;
    limit: number;
    workerId: string;
    leaseMs: number;
    now: number;
  }): Promise<ClaimedTask[]>;
  /** Extends the lease; `ok: false` when the lease is no longer this token's. */
  taskHeartbeat(params: { id: string; leaseToken: string; leaseMs: number; now: number }): Promise<{
    ok: boolean;
    cancelRequested: boolean;
  }>;
  taskProgress(params: {
    id: string;
    leaseToken: string;
    percent: number | null;
    message: string | null;
    current: number | null;
    total: number | null;
    now: number;
  }): Promise<{ ok: boolean; cancelRequested: boolean }>;
  /**
   * running → succeeded, records the result, expiresAt = now + retentionMs, and folds the attempt's
   * duration into the type's statistics, in one transaction. null when the lease was lost.
   */
  taskComplete(params: {
    id: string;
    leaseToken: string;
    resultJson: string | null;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null>;
  /**
   * running → pending with runAt = retryAt (attempts left), or → failed when retryAt is null.
   * null when the lease was lost.
   */
  taskFail(params: {
    id: string;
    leaseToken: string;
    error: TaskError;
    retryAt: number | null;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null>;
  /**
   * Gives an attempt back unfinished (the worker is shutting down): running → queued with
   * runAt = now, attempts − 1 (the attempt does not count), lease and startedAt cleared.
   * null when the lease was lost. Announces the task as changed and its type as available.
   */
  taskRelease(params: { id: string; leaseToken: string; now: number }): Promise<TaskRow | null>;
  /** running → canceled after the handler stopped on a cancel request. null when the lease was lost. */
  taskCancelAttempt(params: {
    id: string;
    leaseToken: string;
    error: TaskError;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null>;
  /** Ids among `ids` (running) whose cancel was requested: the runner's cross-process cancel watch. */
  taskCancelRequested(params: { ids: string[] }): Promise<string[]>;

  // ── tasks: maintenance ───────────────────────────────────────────────────────────────────────
  /**
   * Running tasks whose lease expired before `now`: back to queued (runAt = now) when attempts are
   * left, else failed with `error`. Clears the lease, so the old token can no longer write.
   */
  taskRescueExpired(params: { now: number; error: TaskError; retentionMs: number; limit: number }): Promise<{
    requeued: TaskRow[];
    failed: TaskRow[];
  }>;
  /** pending tasks with runAt ≤ now → queued. `nextRunAt`: the earliest runAt still pending. */
  taskPromoteDue(params: { now: number; limit: number }): Promise<{ promoted: number; nextRunAt: number | null }>;
  /**
   * Expiry: pending/queued tasks past expiresAt → canceled with `error` (expiresAt pushed by
   * retentionMs); finished tasks past expiresAt → destroyed with a tombstone ('expired').
   */
  taskExpire(params: { now: number; error: TaskError; retentionMs: number; limit: number }): Promise<{
    canceled: TaskRow[];
    purged: TaskRow[];
  }>;
  /** Tasks whose destroy was requested and that are no longer running (runner died, etc.). */
  taskListDestroyPending(params: { limit: number }): Promise<TaskRow[]>;
  taskQueueDepth(): Promise<QueueDepthRow[]>;

  // ── duration statistics (seed 002) ───────────────────────────────────────────────────────────
  typeStatsGet(params: { type: string }): Promise<DurationStats | null>;
  typeStatsAll(): Promise<Map<string, DurationStats>>;

  // ── reserved ids (seed 002: the server hands out the id first) ───────────────────────────────
  reservationCreate(params: { tenant: string; id: string; expiresAt: number }): Promise<void>;
  /** True when an unexpired reservation of this tenant existed (it is removed). */
  reservationTake(params: { tenant: string; id: string; now: number }): Promise<boolean>;
  reservationPurge(params: { now: number }): Promise<number>;

  // ── idempotency keys (scope: tenant + key) ───────────────────────────────────────────────────
  /**
   * Looks the key up and, when new, records it as in flight until `lockedUntil` (a crashed request's
   * record becomes replayable after that; its taskId or outcome is kept). Expired records count as new.
   */
  idempotencyBegin(params: {
    tenant: string;
    key: string;
    fingerprint: string;
    now: number;
    lockedUntil: number;
    expiresAt: number;
  }): Promise<IdempotencyBegin>;
  /** Links the task or bulk outcome (same transaction as the insert) while still in flight. */
  idempotencyAttach(params: { tenant: string; key: string; statusCode: number } & IdempotencyResult): Promise<void>;
  /** Marks the request done with the status it answered (and its task or bulk outcome). */
  idempotencyFinish(params: { tenant: string; key: string; statusCode: number } & IdempotencyResult): Promise<void>;
  /** Forgets the key (the request failed before doing anything: safe to retry). */
  idempotencyRelease(params: { tenant: string; key: string }): Promise<void>;
  idempotencyPurge(params: { now: number }): Promise<number>;

  // ── singleton maintenance chores (one node at a time, failover when its holder dies) ─────────
  /** Acquire or renew the named chore lease for `holder`; true when `holder` holds it until now + ttlMs. */
  choreLeaseAcquire(params: { name: string; holder: string; ttlMs: number; now: number }): Promise<boolean>;
  choreLeaseRelease(params: { name: string; holder: string }): Promise<void>;

  // ── API keys (stored hashed) ─────────────────────────────────────────────────────────────────
  apiKeyCreate(params: { key: ApiKeyRow; hash: string }): Promise<void>;
  apiKeyByHash(params: { hash: string }): Promise<ApiKeyRow | null>;
  apiKeyList(params: { tenant: string | null }): Promise<ApiKeyRow[]>;
  /** True when the key existed and was not yet revoked. */
  apiKeyRevoke(params: { id: string; now: number }): Promise<boolean>;
  apiKeyCount(): Promise<number>;
}

export type StoreConflictKind = 'task-id' | 'custom-id';

/** A uniqueness conflict the caller can act on. Detect it with `instanceof`, never by text. */
export class StoreConflictError extends Error {
  readonly kind: StoreConflictKind;
  /** For taskInsertMany: the index of the conflicting item. */
  readonly index: number | null;

  constructor(kind: StoreConflictKind, index: number | null = null) {
    super(`conflict on ${kind}`);
    this.name = 'StoreConflictError';
    this.kind = kind;
    this.index = index;
  }
}

/** The database is unreachable or failed in a way that is not the caller's fault (→ 503). */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
