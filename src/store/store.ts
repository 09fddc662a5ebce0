import type { ApiKeyStore } from './api-key-store.ts';
import type { AttemptStore } from './attempt-store.ts';
import type { FileChunkStore } from './file-chunk-store.ts';
import type { FileStore } from './file-store.ts';
import type { BatchStore } from './batch-store.ts';
import type { TaskGraphStore } from './graph-store.ts';
import type { TaskGroupStore } from './group-store.ts';
import type { MaintenanceStore } from './maintenance-store.ts';
import type { QueueStore } from './queue-store.ts';
import type { RecordStore } from './record-store.ts';
import type { ScheduleStore } from './schedule-store.ts';
import type { TaskStore } from './task-store.ts';
import type { WebhookStore } from './webhook-store.ts';
import type { WorkerStore } from './worker-store.ts';

// The store seam. One interface composed of parts (one file each beside this one), one
// implementation per database with the same file per part (src/store/sqlite, src/store/postgres),
// one contract suite per part (test/store/contract/) run against each.
// Methods are noun-first, take one params object of a named type declared beside its part, and
// return named fields. Times are ms since epoch.
// Every method that changes a task increments its `version` and sets `updatedAt`.
// Methods taking `tenant` scope to it; `tenant: null` means "any tenant" (admin keys, runners).
// The stores are plain sets of statements: batching of writes lives in the caller
// (src/engine/write-batcher.ts over the plural methods such as taskCompleteMany).

export type { ApiKeyRow } from './api-key-store.ts';
export type { ClaimedTask } from './attempt-store.ts';
export type { QueueDepthRow } from './maintenance-store.ts';
export type { IdempotencyBegin, IdempotencyResult } from './record-store.ts';
export type { CancelOutcome, TaskListParams } from './task-store.ts';

export interface StoreCapabilities {
  /** Changes made by other processes are announced (LISTEN/NOTIFY); otherwise consumers poll. */
  crossProcessEvents: boolean;
}

export interface StoreEvents {
  /** A task became claimable (inserted queued, promoted, requeued). Returns an unsubscribe. */
  onTaskAvailable(listener: (type: string) => void): () => void;
  /** A task row changed (any transition, progress, cancel request, destroy). */
  onTaskChanged(listener: (taskId: string) => void): () => void;
  /**
   * Tasks were created by a commit of THIS store instance (every insert path: submit, bulk, batch,
   * a command inside a caller's transaction — once it commits). Not announced across processes:
   * what it counts is this process's work (offload_tasks_submitted_total).
   */
  onTasksCreated(listener: (type: string, count: number) => void): () => void;
}

export interface MigrateResult {
  from: number;
  to: number;
}

export interface PingResult {
  ok: boolean;
  schemaVersion: number;
  codeVersion: number;
}

/**
 * Every data method of the store, part by part. Each dialect implements each part in the file of
 * the same name, and assembles them into a `Store` (sqlite/store.ts, postgres/store.ts).
 */
export interface StoreOperations
  extends TaskStore,
    AttemptStore,
    MaintenanceStore,
    RecordStore,
    ApiKeyStore,
    WebhookStore,
    QueueStore,
    WorkerStore,
    ScheduleStore,
    FileStore,
    FileChunkStore,
    TaskGraphStore,
    TaskGroupStore,
    BatchStore {}
// A new part joins the list above the same way: an interface in its own file here and an
// implementation of the same name in each dialect folder.

export interface Store extends StoreOperations {
  readonly capabilities: StoreCapabilities;
  readonly events: StoreEvents;
  /**
   * True on the view `withTransaction` hands to its `fn`: nothing written through it is visible to
   * anyone else before the commit, so a command must not wait there for others to act on it (a
   * submission's `Prefer: wait`, a long-poll).
   */
  readonly inTransaction: boolean;

  /** Apply pending migrations (serialised across processes). Throws if the schema is newer than the code. */
  migrate(): Promise<MigrateResult>;
  /** Reachable and migrations current: for /readyz. */
  ping(): Promise<PingResult>;
  close(): Promise<void>;

  /**
   * Runs `fn` with a transactional view of this store. Commit when it resolves, roll back when it
   * throws. Events of the transaction are emitted only after commit. Nested calls on the view reuse
   * the same transaction.
   */
  withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
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
