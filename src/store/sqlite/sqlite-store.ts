import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { TaskRow } from '../../domain/task.ts';
import { type Store, type StoreEvents, StoreUnavailableError } from '../store.ts';
import { loadQueries } from '../sql-file.ts';
import { AsyncMutex } from './async-mutex.ts';
import { CODE_SCHEMA_VERSION, migrate, schemaVersion } from './migrate.ts';
import { createWebhookOperations } from './webhook-operations.ts';
import { type Completion, completeMany, createOperations, type EventSink, newSink } from './task-operations.ts';

// SQLite store: one connection per store, WAL so readers in other processes never block, and every
// write in BEGIN IMMEDIATE so concurrent writers (an `offload serve` and `offload worker`s on the same
// file) queue on busy_timeout instead of failing on a lock upgrade.
//
// node:sqlite is synchronous while withTransaction's `fn` is async: while a transaction is open on
// the connection, any other statement would silently join it. So an async mutex guards the
// connection: withTransaction holds it until commit/rollback, and other callers of the store wait.
// Calling the store itself (not the view) from inside `fn` therefore deadlocks — use the view.

const QUERY_NAMES = [
  'taskInsert', 'taskGet', 'taskGetByCustomId', 'taskList', 'taskListAnyTenant', 'taskQueueHead', 'taskVersions',
  'taskCancel', 'taskCancelRequest', 'taskUpdate', 'taskRequestDestroy', 'taskDestroy',
  'taskDestroyTombstone', 'taskDestroyLinks', 'taskDestroyReservation', 'tombstoneGet',
  'taskClaimType', 'taskClaimCandidates', 'taskClaimSeqs', 'taskHeartbeat', 'taskProgress',
  'taskComplete', 'taskFail', 'taskRelease', 'taskCancelAttempt', 'taskCancelRequested', 'taskRescueExpired',
  'taskPromoteDue', 'taskPromoteDueNext', 'taskExpireCancel', 'taskExpirePurge',
  'taskListDestroyPending', 'taskQueueDepth', 'typeStatsGet', 'typeStatsAll', 'typeStatsUpsert',
  'reservationCreate', 'reservationTake', 'reservationPurge', 'idempotencyGet', 'idempotencyBegin',
  'idempotencyRelock', 'idempotencyAttach', 'idempotencyFinish', 'idempotencyRelease',
  'idempotencyPurge', 'choreLeaseAcquire', 'choreLeaseRelease', 'apiKeyCreate', 'apiKeyByHash',
  'apiKeyList', 'apiKeyRevoke', 'apiKeyCount',
] as const;

/** Bounds how long one group commit holds the write lock. */
const MAX_COMPLETIONS_PER_COMMIT = 1000;

const WEBHOOK_QUERY_NAMES = [
  'taskEventsTake', 'taskEventsList', 'taskEventOutboxDelete', 'webhookEndpointCreate', 'webhookEndpointGet',
  'webhookEndpointList', 'webhookEndpointUpdate', 'webhookEndpointDelete', 'webhookDeliveryCreate',
  'webhookDeliveryDue', 'webhookAttemptInsert', 'webhookDeliveryRecord', 'webhookDeliveryList',
  'webhookAttemptList', 'webhookDeliveryRedeliver',
] as const;

const QUERIES: Record<string, string> = {
  ...loadQueries(new URL('./queries.sql', import.meta.url), QUERY_NAMES),
  ...loadQueries(new URL('./webhook-queries.sql', import.meta.url), WEBHOOK_QUERY_NAMES),
};

export interface SqliteStoreOptions {
  path: string;
  synchronous?: 'NORMAL' | 'FULL';
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  mkdirSync(dirname(options.path), { recursive: true });
  const db = new DatabaseSync(options.path, { allowUnknownNamedParameters: true, timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.exec('PRAGMA foreign_keys = ON');
    // Bulk submits touch several indexes with random keys (ids): a larger page cache keeps them hot.
    db.exec('PRAGMA cache_size = -32768');
  } catch (err) {
    db.close();
    throw err;
  }
  return createSqliteStore(db);
}

function createSqliteStore(db: DatabaseSync): Store {
  const mutex = new AsyncMutex();
  const listeners = { available: new Set<(type: string) => void>(), changed: new Set<(id: string) => void>() };
  let inTransaction = false;
  let closed = false;

  // Prepared lazily: the tables may not exist until migrate() ran.
  const statements = new Map<string, StatementSync>();
  const q = (name: string): StatementSync => {
    let stmt = statements.get(name);
    if (!stmt) {
      const sql = QUERIES[name];
      if (sql === undefined) throw new Error(`unknown query ${name}`);
      stmt = db.prepare(sql);
      statements.set(name, stmt);
    }
    return stmt;
  };
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  // Methods never nest, so one savepoint name suffices.
  const savepoint = db.prepare('SAVEPOINT store_op');
  const release = db.prepare('RELEASE store_op');
  const rollbackTo = db.prepare('ROLLBACK TO store_op');

  const mergeInto = (sink: EventSink, local: EventSink) => {
    for (const id of local.changed) sink.changed.push(id);
    for (const type of local.available) sink.available.add(type);
  };

  function write<T>(sink: EventSink, fn: (local: EventSink) => T, multi = true): T {
    const local = newSink();
    if (!inTransaction) {
      begin.run();
      try {
        const result = fn(local);
        commit.run();
        mergeInto(sink, local);
        return result;
      } catch (err) {
        if (db.isTransaction) rollback.run();
        throw err;
      }
    }
    // Inside withTransaction: a savepoint keeps a multi-statement method all-or-nothing (a conflict
    // in taskInsertMany must not leave half the batch in the caller's transaction). A single
    // statement is atomic by itself and skips it.
    if (!multi) {
      const result = fn(local);
      mergeInto(sink, local);
      return result;
    }
    savepoint.run();
    try {
      const result = fn(local);
      release.run();
      mergeInto(sink, local);
      return result;
    } catch (err) {
      rollbackTo.run();
      release.run();
      throw err;
    }
  }

  const ops = { ...createOperations({ q, write }), ...createWebhookOperations({ q, write }) };

  function emit(sink: EventSink): void {
    for (const id of sink.changed) for (const l of listeners.changed) notify(l, id);
    for (const type of sink.available) for (const l of listeners.available) notify(l, type);
  }

  const events: StoreEvents = {
    onTaskAvailable(listener) {
      listeners.available.add(listener);
      return () => listeners.available.delete(listener);
    },
    onTaskChanged(listener) {
      listeners.changed.add(listener);
      return () => listeners.changed.delete(listener);
    },
  };

  function checkOpen(): void {
    if (closed) throw new Error('sqlite store is closed');
  }

  /** Runs a synchronous operation outside any transaction and emits its events when it succeeded. */
  async function run<T>(fn: (sink: EventSink) => T): Promise<T> {
    // Uncontended: the operation is synchronous, nothing can interleave, no need to take the lock.
    if (!mutex.locked) {
      checkOpen();
      const sink = newSink();
      const result = fn(sink);
      emit(sink);
      return result;
    }
    await mutex.lock();
    try {
      checkOpen();
      const sink = newSink();
      const result = fn(sink);
      emit(sink);
      return result;
    } finally {
      mutex.unlock();
    }
  }

  function ping() {
    try {
      const schema = schemaVersion(db);
      return { ok: schema === CODE_SCHEMA_VERSION, schemaVersion: schema, codeVersion: CODE_SCHEMA_VERSION };
    } catch {
      return { ok: false, schemaVersion: 0, codeVersion: CODE_SCHEMA_VERSION };
    }
  }

  const capabilities = Object.freeze({ skipLocked: false, crossProcessEvents: false, multiProcess: true });

  function bindOperations(target: Record<string, unknown>, call: (op: (p: unknown, s: EventSink) => unknown, p: unknown) => unknown) {
    for (const [name, op] of Object.entries(ops)) {
      const guarded = (p: unknown, sink: EventSink) => {
        try {
          return (op as (p: unknown, s: EventSink) => unknown)(p, sink);
        } catch (err) {
          throw unavailable(err);
        }
      };
      target[name] = (p: unknown) => call(guarded, p);
    }
  }

  /** The view passed to withTransaction's fn: statements run directly inside the open transaction. */
  function transactionView(sink: EventSink, isActive: () => boolean): Store {
    const view: Record<string, unknown> = {
      capabilities,
      events,
      migrate: () => Promise.reject(new Error('migrate() cannot run inside a transaction')),
      ping: async () => ping(),
      close: () => Promise.reject(new Error('close() cannot run inside a transaction')),
      withTransaction: <T>(fn: (tx: Store) => Promise<T>) => fn(view as unknown as Store),
    };
    bindOperations(view, async (op, p) => {
      if (!isActive()) throw new Error('transaction already finished: use the store, not the stale view');
      return op(p, sink);
    });
    return view as unknown as Store;
  }

  const store: Record<string, unknown> = {
    capabilities,
    events,
    async migrate() {
      await mutex.lock();
      try {
        checkOpen();
        statements.clear();
        return migrate(db);
      } finally {
        mutex.unlock();
      }
    },
    ping: () => run(() => ping()),
    async close() {
      if (closed) return;
      await mutex.lock();
      try {
        if (closed) return;
        closed = true;
        statements.clear();
        db.close();
      } finally {
        mutex.unlock();
      }
    },
    async withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      await mutex.lock();
      const sink = newSink();
      let active = true;
      let result: T;
      try {
        checkOpen();
        try {
          begin.run();
        } catch (err) {
          throw unavailable(err);
        }
        inTransaction = true;
        try {
          result = await fn(transactionView(sink, () => active));
          try {
            commit.run();
          } catch (err) {
            throw unavailable(err);
          }
        } catch (err) {
          if (db.isTransaction) rollback.run();
          throw err;
        } finally {
          active = false;
          inTransaction = false;
        }
      } finally {
        mutex.unlock();
      }
      // Only reached after COMMIT: a rolled-back transaction's events are dropped with its sink.
      emit(sink);
      return result;
    },
  };
  bindOperations(store, (op, p) => run((sink) => op(p, sink)));

  // Group commit for completions: runners complete many tasks at once, and each completion alone
  // costs a commit (WAL write) and a statistics write. The completions of one event-loop turn share
  // one transaction; each caller still gets its own row (or null) after COMMIT.
  let completions: { item: Completion; resolve(row: TaskRow | null): void; reject(err: unknown): void }[] = [];
  let flushScheduled = false;
  const flushCompletions = async () => {
    flushScheduled = false;
    while (completions.length > 0) {
      const batch = completions.slice(0, MAX_COMPLETIONS_PER_COMMIT);
      completions = completions.slice(batch.length);
      try {
        const rows = await run((sink) => {
          try {
            return completeMany({ q, write }, batch.map((w) => w.item), sink);
          } catch (err) {
            throw unavailable(err);
          }
        });
        for (const [i, w] of batch.entries()) w.resolve(rows[i] ?? null);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  };
  store.taskComplete = (item: Completion) =>
    new Promise<TaskRow | null>((resolve, reject) => {
      completions.push({ item, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushCompletions);
      }
    });
  const closeStore = store.close as () => Promise<void>;
  store.close = async () => {
    await flushCompletions();
    await closeStore();
  };
  return store as unknown as Store;
}

// SQLite result codes (primary, the low byte of the extended code) that mean "the database cannot
// serve us now" rather than "this request is wrong": busy past busy_timeout, I/O, disk full, …
const UNAVAILABLE_CODES = new Set([5 /* BUSY */, 6 /* LOCKED */, 7 /* NOMEM */, 8 /* READONLY */, 10 /* IOERR */, 11 /* CORRUPT */, 13 /* FULL */, 14 /* CANTOPEN */]);

function unavailable(err: unknown): unknown {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code & 0xff)) {
    return new StoreUnavailableError(`sqlite: ${(err as Error).message}`, { cause: err });
  }
  return err;
}

/** A listener's bug must not turn a committed change into a failed call: report it out of band. */
function notify<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}
