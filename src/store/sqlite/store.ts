import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { PingResult, Store, StoreCapabilities, StoreOperations } from '../store.ts';
import { sqliteApiKeyStore } from './api-key-store.ts';
import { sqliteAttemptStore } from './attempt-store.ts';
import { sqliteBatchStore } from './batch-store.ts';
import { SqliteConnection, type SyncPart } from './connection.ts';
import { mapUnavailable } from './errors.ts';
import { sqliteFileChunkStore } from './file-chunk-store.ts';
import { sqliteFileStore } from './file-store.ts';
import { sqliteGraphStore } from './graph-store.ts';
import { sqliteGroupStore } from './group-store.ts';
import { sqliteMaintenanceStore } from './maintenance-store.ts';
import { CODE_SCHEMA_VERSION, migrate, schemaVersion } from './migrator.ts';
import { type EventSink, newSink, SqliteNotifications } from './notifications.ts';
import { sqliteQueueStore } from './queue-store.ts';
import { sqliteRecordStore } from './record-store.ts';
import { sqliteScheduleStore } from './schedule-store.ts';
import { sqliteTaskStore } from './task-store.ts';
import { sqliteWebhookStore } from './webhook-store.ts';
import { sqliteWorkerStore } from './worker-store.ts';

// SQLite store: one connection per store, WAL so readers in other processes never block, and every
// write in BEGIN IMMEDIATE so concurrent writers (an `offload serve` and `offload worker`s on the same
// file) queue on busy_timeout instead of failing on a lock upgrade.
//
// node:sqlite is synchronous while withTransaction's `fn` is async: while a transaction is open on
// the connection, any other statement would silently join it. So an async mutex guards the
// connection: withTransaction holds it until commit/rollback, and other callers of the store wait.
// Calling the store itself (not the view) from inside `fn` therefore deadlocks — use the view.

const CAPABILITIES: StoreCapabilities = Object.freeze({ crossProcessEvents: false });

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
    // The task-graph triggers (migrations/008) rely on a trigger not firing from its own statements.
    db.exec('PRAGMA recursive_triggers = OFF');
    // Bulk submits touch several indexes with random keys (ids): a larger page cache keeps them hot.
    db.exec('PRAGMA cache_size = -32768');
  } catch (err) {
    db.close();
    throw err;
  }
  return createSqliteStore(new SqliteConnection(db));
}

/** How a bound method runs its synchronous operation: outside any transaction, or inside one. */
type Call = (op: (params: unknown, sink: EventSink) => unknown, params: unknown) => Promise<unknown>;

/**
 * The parts' synchronous methods as the async interface they implement. The parts are type-checked
 * against their interfaces (SyncPart<T>), so only this loop over their keys needs the cast.
 */
function bindParts<T>(parts: SyncPart<T>, call: Call): T {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const name of Object.keys(parts) as (keyof T)[]) {
    const op = parts[name] as (params: unknown, sink: EventSink) => unknown;
    out[name] = (params: unknown) => call(op, params);
  }
  return out as T;
}

function createSqliteStore(c: SqliteConnection): Store {
  const notifications = new SqliteNotifications();
  const { events } = notifications;
  let closed = false;

  const parts: SyncPart<StoreOperations> = {
    ...sqliteTaskStore(c),
    ...sqliteAttemptStore(c),
    ...sqliteMaintenanceStore(c),
    ...sqliteRecordStore(c),
    ...sqliteApiKeyStore(c),
    ...sqliteWebhookStore(c),
    ...sqliteQueueStore(c),
    ...sqliteWorkerStore(c),
    ...sqliteScheduleStore(c),
    ...sqliteFileStore(c),
    ...sqliteFileChunkStore(c),
    ...sqliteGraphStore(c),
    ...sqliteGroupStore(c),
    ...sqliteBatchStore(c),
  };

  /** Runs an operation, with SQLite's "cannot serve now" errors as StoreUnavailableError. */
  const guarded = (op: (params: unknown, sink: EventSink) => unknown, params: unknown, sink: EventSink) => {
    try {
      return op(params, sink);
    } catch (err) {
      throw mapUnavailable(err);
    }
  };

  function checkOpen(): void {
    if (closed) throw new Error('sqlite store is closed');
  }

  /** Runs a synchronous operation outside any transaction and emits its events when it succeeded. */
  async function run<T>(fn: (sink: EventSink) => T): Promise<T> {
    // Uncontended: the operation is synchronous, nothing can interleave, no need to take the lock.
    if (!c.mutex.locked) {
      checkOpen();
      const sink = newSink();
      const result = fn(sink);
      notifications.emit(sink);
      return result;
    }
    await c.mutex.lock();
    try {
      checkOpen();
      const sink = newSink();
      const result = fn(sink);
      notifications.emit(sink);
      return result;
    } finally {
      c.mutex.unlock();
    }
  }

  function ping(): PingResult {
    try {
      const schema = schemaVersion(c.db);
      return { ok: schema === CODE_SCHEMA_VERSION, schemaVersion: schema, codeVersion: CODE_SCHEMA_VERSION };
    } catch {
      return { ok: false, schemaVersion: 0, codeVersion: CODE_SCHEMA_VERSION };
    }
  }

  /** The view passed to withTransaction's fn: statements run directly inside the open transaction. */
  function transactionView(sink: EventSink, isActive: () => boolean): Store {
    const view: Store = {
      capabilities: CAPABILITIES,
      events,
      inTransaction: true,
      migrate: () => Promise.reject(new Error('migrate() cannot run inside a transaction')),
      ping: async () => ping(),
      close: () => Promise.reject(new Error('close() cannot run inside a transaction')),
      withTransaction: <T>(fn: (tx: Store) => Promise<T>) => fn(view),
      ...bindParts(parts, async (op, params) => {
        if (!isActive()) throw new Error('transaction already finished: use the store, not the stale view');
        return guarded(op, params, sink);
      }),
    };
    return view;
  }

  return {
    capabilities: CAPABILITIES,
    events,
    inTransaction: false,
    async migrate() {
      await c.mutex.lock();
      try {
        checkOpen();
        c.clearStatements();
        return migrate(c.db);
      } finally {
        c.mutex.unlock();
      }
    },
    ping: () => run(() => ping()),
    async close() {
      if (closed) return;
      await c.mutex.lock();
      try {
        if (closed) return;
        closed = true;
        c.clearStatements();
        c.db.close();
      } finally {
        c.mutex.unlock();
      }
    },
    async withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      await c.mutex.lock();
      const sink = newSink();
      let active = true;
      let result: T;
      try {
        checkOpen();
        try {
          c.begin();
        } catch (err) {
          throw mapUnavailable(err);
        }
        c.inTransaction = true;
        try {
          result = await fn(transactionView(sink, () => active));
          try {
            c.commit();
          } catch (err) {
            throw mapUnavailable(err);
          }
        } catch (err) {
          c.rollback();
          throw err;
        } finally {
          active = false;
          c.inTransaction = false;
        }
      } finally {
        c.mutex.unlock();
      }
      // Only reached after COMMIT: a rolled-back transaction's events are dropped with its sink.
      notifications.emit(sink);
      return result;
    },
    ...bindParts(parts, (op, params) => run((sink) => guarded(op, params, sink))),
  };
}
