import type pg from 'pg';
import type { TaskRow } from '../../domain/task.ts';
import type { StoreEventHub } from '../store-event-hub.ts';
import { mapUnavailable } from './errors.ts';
import type { NotificationListener, NotificationPublisher, PendingEvent } from './notifications.ts';
import { taskFromRow } from './row-mapping.ts';

// What every part of the PostgreSQL store (task-store.ts, attempt-store.ts, …) works with: where to
// send its SQL (the pool, or one transaction's client), its named queries bound to that, and the
// store-wide resources. One context per store view; a transaction gets its own.
//
// The pool executor runs each statement as its own transaction and announces its events at once;
// the client executor runs inside BEGIN…COMMIT and holds the events until commit (dropped on
// rollback). `announce` tells this process's listeners and queues the cross-process notification
// (notifications.ts): the SQL itself never NOTIFYs.

export type Row = Record<string, unknown>;

export interface Executor {
  readonly inTransaction: boolean;
  query(name: string, text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
  /** Runs `fn` in a transaction; inside one already, reuses it. */
  transaction<T>(fn: (ex: Executor) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` so that a failing statement leaves the surrounding transaction usable (a savepoint),
   * as SQLite does; outside a transaction a statement failing is its own rollback.
   */
  recoverable<T>(fn: () => Promise<T>): Promise<T>;
  emit(event: PendingEvent): void;
}

/** Called once per committed change. */
export type Announce = (event: PendingEvent) => void;

/** Named statements are prepared once per connection; the store passes names for stable SQL only. */
function config(name: string, text: string, values: unknown[] | undefined): pg.QueryConfig {
  return name ? { name, text, values } : { text, values };
}

export class PoolExecutor implements Executor {
  readonly inTransaction = false;
  readonly #pool: pg.Pool;
  readonly #announce: Announce;

  constructor(pool: pg.Pool, announce: Announce) {
    this.#pool = pool;
    this.#announce = announce;
  }

  async query(name: string, text: string, values?: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.#pool.query<Row>(config(name, text, values));
    } catch (err) {
      throw mapUnavailable(err);
    }
  }

  async transaction<T>(fn: (ex: Executor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw mapUnavailable(err);
    }
    const tx = new ClientExecutor(client);
    let broken: unknown;
    try {
      await tx.query('', 'BEGIN');
      const result = await fn(tx);
      await tx.query('', 'COMMIT');
      for (const e of tx.pending) this.#announce(e);
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr;
      }
      throw mapUnavailable(err);
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  recoverable<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  emit(event: PendingEvent): void {
    this.#announce(event);
  }
}

class ClientExecutor implements Executor {
  readonly inTransaction = true;
  readonly pending: PendingEvent[] = [];
  readonly #client: pg.PoolClient;
  #savepoints = 0;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async query(name: string, text: string, values?: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.#client.query<Row>(config(name, text, values));
    } catch (err) {
      throw mapUnavailable(err);
    }
  }

  transaction<T>(fn: (ex: Executor) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async recoverable<T>(fn: () => Promise<T>): Promise<T> {
    const sp = `offload_sp_${++this.#savepoints}`;
    await this.query('', `SAVEPOINT ${sp}`);
    try {
      const result = await fn();
      await this.query('', `RELEASE SAVEPOINT ${sp}`);
      return result;
    } catch (err) {
      await this.query('', `ROLLBACK TO SAVEPOINT ${sp}`);
      throw err;
    }
  }

  emit(event: PendingEvent): void {
    this.pending.push(event);
  }
}

/** Resources shared by a store and all its transaction views. */
export interface Shared {
  pool: pg.Pool;
  listener: NotificationListener;
  publisher: NotificationPublisher;
  events: StoreEventHub;
  /** Keeps the completions of one attempt in call order (attempt-store.ts). */
  completionOrder: KeyedOrder;
  closed: boolean;
}

/**
 * Runs calls in the order they were made among those sharing a key, and at once when no earlier
 * call with one of its keys is still running. On the pool, statements issued one after the other
 * may run on different connections in either order; this is for the few writes whose outcome
 * depends on which runs first.
 */
export class KeyedOrder {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const earlier = new Set<Promise<void>>();
    for (const key of keys) {
      const tail = this.#tails.get(key);
      if (tail) earlier.add(tail);
    }
    const result = earlier.size === 0 ? fn() : Promise.allSettled(earlier).then(fn);
    const tail = result.then(
      () => {},
      () => {},
    );
    for (const key of keys) this.#tails.set(key, tail);
    void tail.then(() => {
      for (const key of keys) if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}

/** A part's named queries (sql-file.ts) bound to a context. */
export interface Queries<N extends string> {
  /** Named queries are prepared once per connection; `prepared: false` plans with the actual values. */
  run(name: N, values: unknown[], prepared?: boolean): Promise<pg.QueryResult<Row>>;
  rows(name: N, values: unknown[]): Promise<Row[]>;
}

export class StoreContext {
  readonly ex: Executor;
  readonly shared: Shared;

  constructor(shared: Shared, ex: Executor) {
    this.shared = shared;
    this.ex = ex;
  }

  /**
   * A part's queries on this context. The query name is the prepared statement's name on each
   * connection, so names are unique across the parts' .sql files (test/store checks it).
   */
  queries<N extends string>(sql: Record<N, string>): Queries<N> {
    const run = (name: N, values: unknown[], prepared = true) => this.ex.query(prepared ? name : '', sql[name], values);
    return { run, rows: async (name, values) => (await run(name, values)).rows };
  }

  /** Multi-statement operations run in a transaction of their own, or in the caller's. */
  tx<T>(fn: (tx: StoreContext) => Promise<T>): Promise<T> {
    return this.ex.transaction((ex) => fn(ex === this.ex ? this : new StoreContext(this.shared, ex)));
  }

  /** Announces changed tasks (and the queued ones as available), after commit when in a transaction. */
  emitTasks(tasks: TaskRow[]): void {
    for (const t of tasks) {
      this.ex.emit({ kind: 'changed', id: t.id });
      if (t.status === 'queued') this.ex.emit({ kind: 'available', type: t.type });
    }
  }

  /** The single changed row of an UPDATE … RETURNING, announced. */
  emitOne(rows: Row[]): TaskRow {
    const task = taskFromRow(rows[0]!);
    this.emitTasks([task]);
    return task;
  }
}
