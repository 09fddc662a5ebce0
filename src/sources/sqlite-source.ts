import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { bindParameters } from './named-parameters.ts';
import {
  DEFAULT_BATCH_ROWS,
  normaliseInteger,
  type ReadOptions,
  type RowBatch,
  type SourceDatabase,
  type SourceParams,
  type SourceTransaction,
  type WriteResult,
} from './source-database.ts';
import { SourceQueryError, SourceUnavailableError } from './source-errors.ts';

// A configured SQLite database. Reads go through a connection opened read-only, so no query can
// write whatever its text says; a statement being stepped holds one read transaction, which in WAL
// mode is a snapshot. Writes (`transaction`) use a second, writable connection opened only then.
// node:sqlite is synchronous: a batch of rows is read in one go and the event loop gets a turn
// between batches.

const BUSY_TIMEOUT_MS = 5000;
/** SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL: the database, not the query. */
const UNAVAILABLE_CODES = new Set([5, 6, 14, 10, 13]);

export function openSqliteSource(name: string, location: string, cwd: string): SourceDatabase {
  const path = resolve(cwd, location);
  let reader: DatabaseSync | null = null;
  let writer: DatabaseSync | null = null;
  const open = (readOnly: boolean): DatabaseSync => {
    // A missing file is a wrong path, not an empty database: node:sqlite would create it.
    if (!existsSync(path)) throw new SourceUnavailableError(`database "${name}": no SQLite file at ${path}`);
    try {
      return new DatabaseSync(path, { readOnly, timeout: BUSY_TIMEOUT_MS });
    } catch (err) {
      throw new SourceUnavailableError(`database "${name}": cannot open ${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  const readConnection = () => {
    reader ??= open(true);
    return reader;
  };
  const prepare = (db: DatabaseSync, sql: string, params: SourceParams) => {
    const bound = bindParameters(sql, params, 'sqlite');
    const statement = guard(name, () => db.prepare(bound.sql));
    statement.setReadBigInts(true);
    return { statement, values: bound.values.map(toSqlite) };
  };

  const close = async () => {
    for (const db of [reader, writer]) if (db?.isOpen) db.close();
    reader = null;
    writer = null;
  };

  return {
    name,
    dialect: 'sqlite',
    async *read(sql: string, params: SourceParams, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
      const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
      const { statement, values } = prepare(readConnection(), sql, params);
      statement.setReturnArrays(true);
      const columns = statement.columns().map((c) => c.name);
      const rows = guard(name, () => statement.iterate(...values)) as Iterator<unknown[]> & { return?(): unknown };
      try {
        let yielded = false;
        for (;;) {
          const batch: unknown[][] = [];
          let done = false;
          guard(name, () => {
            while (batch.length < batchRows) {
              const next = rows.next();
              if (next.done) {
                done = true;
                break;
              }
              batch.push(next.value.map(fromSqlite));
            }
          });
          if (batch.length > 0 || !yielded) yield { columns, rows: batch };
          yielded = true;
          if (done) break;
          // A turn of the event loop between batches: timers, I/O and cancellation run.
          await new Promise<void>((r) => setImmediate(r));
        }
      } finally {
        // Resets the statement, which ends its read transaction.
        rows.return?.();
      }
    },
    async count(sql, params) {
      const { statement, values } = prepare(readConnection(), sql, params);
      statement.setReturnArrays(true);
      const row = guard(name, () => statement.get(...values)) as unknown as unknown[] | undefined;
      return toCount(name, row?.[0]);
    },
    async transaction<T>(fn: (tx: SourceTransaction) => Promise<T>): Promise<T> {
      writer ??= open(false);
      const db = writer;
      guard(name, () => db.exec('BEGIN IMMEDIATE'));
      const tx: SourceTransaction = {
        async query(sql, params = {}): Promise<WriteResult> {
          const { statement, values } = prepare(db, sql, params);
          if (statement.columns().length === 0) {
            const changes = guard(name, () => statement.run(...values)).changes;
            return { rows: [], changes: Number(changes) };
          }
          const rows = guard(name, () => statement.all(...values)).map((row) => {
            const out: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(row)) out[key] = fromSqlite(value);
            return out;
          });
          const changes = Number((db.prepare('SELECT changes() AS n').get() as { n: number }).n);
          return { rows, changes };
        },
      };
      try {
        const result = await fn(tx);
        guard(name, () => db.exec('COMMIT'));
        return result;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Runs a synchronous database call, sorting its failure into a query mistake or an unavailable database. */
function guard<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SourceQueryError || err instanceof SourceUnavailableError) throw err;
    const code = (err as { errcode?: number }).errcode;
    const message = `database "${name}": ${(err as Error).message}`;
    if (code !== undefined && UNAVAILABLE_CODES.has(code & 0xff)) throw new SourceUnavailableError(message, { cause: err });
    throw new SourceQueryError(message, { cause: err });
  }
}

function fromSqlite(value: unknown): unknown {
  return typeof value === 'bigint' ? normaliseInteger(value) : value;
}

/** What node:sqlite can bind: booleans as 1/0, dates as ISO text, other objects as JSON text. */
function toSqlite(value: unknown): SQLInputValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function toCount(name: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new SourceQueryError(`database "${name}": the count query gave ${String(value)}, not a count`);
  return n;
}
