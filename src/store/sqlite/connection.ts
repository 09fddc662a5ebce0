import type { DatabaseSync, StatementResultingChanges, StatementSync } from 'node:sqlite';
import { type EventSink, mergeSink, newSink } from './notifications.ts';
import type { SqlRow } from './row-mapping.ts';

// One SQLite connection per store, and what the parts (task-store.ts, attempt-store.ts, …) run
// their statements on. node:sqlite is synchronous, so the parts' methods are synchronous functions
// over this connection (`SyncPart`); store.ts decides when they may run (never while another
// caller's transaction is open: the mutex) and when their events are emitted (after commit).

/**
 * A part's methods as synchronous functions: the params of the interface's method, a sink for the
 * events of the change, and its result unwrapped from the promise. store.ts binds them back into the
 * interface (`bindParts`), so a part that does not match its interface fails to compile.
 */
export type SyncPart<T> = { [K in keyof T]: SyncMethod<T[K]> };

type SyncMethod<F> = F extends () => Promise<infer R>
  ? (params: undefined, sink: EventSink) => R
  : F extends (params: infer P) => Promise<infer R>
    ? (params: P, sink: EventSink) => R
    : never;

/** A part's named queries (sql-file.ts), prepared on this connection. */
export interface Statements<N extends string> {
  /** The cached prepared statement of a named query. */
  stmt(name: N): StatementSync;
  run(name: N, params?: object): StatementResultingChanges;
  all(name: N, params?: object): SqlRow[];
  get(name: N, params?: object): SqlRow | undefined;
}

// A FIFO lock for async callers. Unlocking hands the lock straight to the next waiter, so a caller
// that arrives later cannot slip in between.
export class AsyncMutex {
  #locked = false;
  #waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

export class SqliteConnection {
  readonly db: DatabaseSync;
  /** Held by withTransaction from BEGIN to COMMIT/ROLLBACK; other callers of the store wait. */
  readonly mutex = new AsyncMutex();
  /** A withTransaction is open on the connection: writes use savepoints instead of BEGIN. */
  inTransaction = false;
  // Prepared lazily (the tables may not exist until migrate() ran), keyed by the SQL text.
  readonly #statements = new Map<string, StatementSync>();
  readonly #begin: StatementSync;
  readonly #commit: StatementSync;
  readonly #rollback: StatementSync;
  // Methods never nest, so one savepoint name suffices.
  readonly #savepoint: StatementSync;
  readonly #release: StatementSync;
  readonly #rollbackTo: StatementSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
    this.#savepoint = db.prepare('SAVEPOINT store_op');
    this.#release = db.prepare('RELEASE store_op');
    this.#rollbackTo = db.prepare('ROLLBACK TO store_op');
  }

  /** A part's named queries on this connection, prepared on first use. */
  queries<N extends string>(sql: Record<N, string>): Statements<N> {
    const stmt = (name: N) => this.#statement(sql[name]);
    return {
      stmt,
      run: (name, params = {}) => stmt(name).run(params as never),
      all: (name, params = {}) => stmt(name).all(params as never) as SqlRow[],
      get: (name, params = {}) => stmt(name).get(params as never) as SqlRow | undefined,
    };
  }

  /** Forgets the prepared statements (after a migration changed the schema, or on close). */
  clearStatements(): void {
    this.#statements.clear();
  }

  begin(): void {
    this.#begin.run();
  }

  commit(): void {
    this.#commit.run();
  }

  /** Rolls back the open transaction, if SQLite has not already done so. */
  rollback(): void {
    if (this.db.isTransaction) this.#rollback.run();
  }

  /**
   * Runs `fn` atomically: in its own BEGIN IMMEDIATE transaction, or in a savepoint when a
   * transaction is already open (`multi: false` when `fn` writes with one statement: no savepoint
   * needed). Its events reach `sink` only when it succeeds.
   */
  write<T>(sink: EventSink, fn: (local: EventSink) => T, multi = true): T {
    const local = newSink();
    if (!this.inTransaction) {
      this.begin();
      try {
        const result = fn(local);
        this.commit();
        mergeSink(sink, local);
        return result;
      } catch (err) {
        this.rollback();
        throw err;
      }
    }
    // Inside withTransaction: a savepoint keeps a multi-statement method all-or-nothing (a conflict
    // in taskInsertMany must not leave half the batch in the caller's transaction). A single
    // statement is atomic by itself and skips it.
    if (!multi) {
      const result = fn(local);
      mergeSink(sink, local);
      return result;
    }
    this.#savepoint.run();
    try {
      const result = fn(local);
      this.#release.run();
      mergeSink(sink, local);
      return result;
    } catch (err) {
      this.#rollbackTo.run();
      this.#release.run();
      throw err;
    }
  }

  /** `write` for a method that writes with one statement (plus reads). */
  write1<T>(sink: EventSink, fn: (local: EventSink) => T): T {
    return this.write(sink, fn, false);
  }

  #statement(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
}
