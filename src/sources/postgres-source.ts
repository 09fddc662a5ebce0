import pg from 'pg';
import { withoutFinalSemicolon } from '../domain/sql-text.ts';
import { bindParameters } from './named-parameters.ts';
import {
  DEFAULT_BATCH_ROWS,
  type ReadOptions,
  type RowBatch,
  type SourceDatabase,
  type SourceParams,
  type SourceTransaction,
  type WriteResult,
} from './source-database.ts';
import { SourceQueryError, SourceUnavailableError } from './source-errors.ts';

// A configured PostgreSQL database: a pool of at most two connections for one task run, ended by
// close(). A read is a `REPEATABLE READ READ ONLY` transaction (one snapshot; the server refuses
// any write, whatever the text hides) around a server-side cursor fetched a batch at a time, so
// the rows never sit in memory together. DECLARE CURSOR itself takes only SELECT/VALUES.

/** SQLSTATE classes of the connection or the server, not the query: 08 connection, 53 resources, 57 operator, 58 system. */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

const OID = { date: 1082, timestamp: 1114, timestamptz: 1184, interval: 1186 } as const;

// Dates and times as ISO 8601 text, exact to the microsecond (a JS Date keeps milliseconds and
// reads a timestamp without zone in the process's zone). The session's TimeZone is UTC.
const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.date]: (text) => text,
  [OID.timestamp]: (text) => text.replace(' ', 'T'),
  [OID.timestamptz]: (text) => text.replace(' ', 'T').replace(/\+00(?::00)?$/, 'Z'),
  [OID.interval]: (text) => text,
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && PARSERS[oid] ? PARSERS[oid] : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function openPostgresSource(name: string, url: string): SourceDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    application_name: `offload-source-${name}`,
    options: '-c TimeZone=UTC',
    types,
  });
  // An idle connection that the server drops must not crash the process; the next query reports it.
  pool.on('error', () => {});

  const connect = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (err) {
      throw new SourceUnavailableError(`database "${name}": cannot connect: ${describe(err)}`, { cause: err });
    }
  };
  /** Runs `fn` in one transaction on one connection; a connection left in doubt is discarded. */
  const inTransaction = async <T>(begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await connect();
    let broken: Error | undefined;
    try {
      await run(name, () => client.query(begin));
      const result = await fn(client);
      await run(name, () => client.query('COMMIT'));
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.end();
  };

  return {
    name,
    dialect: 'postgres',
    async *read(sql: string, params: SourceParams, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
      const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
      const bound = bindParameters(withoutFinalSemicolon(sql), params, 'postgres');
      const client = await connect();
      let finished = false;
      let broken: Error | undefined;
      try {
        await run(name, () => client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
        await run(name, () => client.query({ text: `DECLARE offload_source_rows NO SCROLL CURSOR FOR ${bound.sql}`, values: bound.values }));
        let yielded = false;
        for (;;) {
          const result = await run(name, () => client.query({ text: `FETCH FORWARD ${batchRows} FROM offload_source_rows`, rowMode: 'array' }));
          const rows = result.rows as unknown[][];
          if (rows.length > 0 || !yielded) yield { columns: result.fields.map((f) => f.name), rows };
          yielded = true;
          if (rows.length < batchRows) break;
        }
        await run(name, () => client.query('COMMIT'));
        finished = true;
      } finally {
        // Also reached when the caller breaks out of the loop: the cursor goes with the transaction.
        if (!finished) {
          await client.query('ROLLBACK').catch((err: Error) => {
            broken = err;
          });
        }
        client.release(broken);
      }
    },
    async count(sql, params) {
      const bound = bindParameters(withoutFinalSemicolon(sql), params, 'postgres');
      const result = await inTransaction('BEGIN READ ONLY', (client) =>
        run(name, () => client.query({ text: bound.sql, values: bound.values, rowMode: 'array' })),
      );
      const value = (result.rows[0] as unknown[] | undefined)?.[0];
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new SourceQueryError(`database "${name}": the count query gave ${String(value)}, not a count`);
      return n;
    },
    transaction<T>(fn: (tx: SourceTransaction) => Promise<T>): Promise<T> {
      return inTransaction('BEGIN', (client) =>
        fn({
          async query(sql, params = {}): Promise<WriteResult> {
            const bound = bindParameters(sql, params, 'postgres');
            const result = await run(name, () => client.query({ text: bound.sql, values: bound.values }));
            return { rows: result.rows as Record<string, unknown>[], changes: result.rowCount ?? 0 };
          },
        }),
      );
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Runs one query, sorting its failure into a query mistake or an unavailable database. */
async function run<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = `database "${name}": ${describe(err)}`;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !UNAVAILABLE_CLASSES.has(code.slice(0, 2))) {
      throw new SourceQueryError(message, { cause: err });
    }
    throw new SourceUnavailableError(message, { cause: err });
  }
}

function describe(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const text = e.message || (err instanceof AggregateError ? String(err.errors[0]?.message ?? err) : String(err));
  return e.code ? `${text} (${e.code})` : text;
}
