import type pg from 'pg';
import { mapUnavailable } from './pg-errors.ts';
import type { PendingEvent } from './task-events.ts';

// Where a store view sends its SQL: the pool (each statement its own transaction, events announced at
// once) or one checked-out client inside BEGIN…COMMIT (events held until commit, dropped on rollback).
// `announce` tells this process's listeners and queues the cross-process notification
// (notification-publisher.ts): the SQL itself never NOTIFYs.

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
