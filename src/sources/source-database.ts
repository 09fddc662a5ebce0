// Operator-configured databases (config `databases`: a name → a SQLite file or a postgres:// URL)
// that task types read from (`export`) or write to (`import`). Never the task store, unless the
// operator names its location. One interface over both dialects (open-database.ts opens one); a
// task run opens one, uses it, and closes it (`await using` or try/finally), so nothing stays
// connected between runs.
//
// A SourceDatabase serves one caller at a time: run a read to its end (or break out of it) before
// the next call.

export type SourceDialect = 'sqlite' | 'postgres';

/** Named parameter values (`:name` in the query text). */
export type SourceParams = Readonly<Record<string, unknown>>;

/** Rows as arrays in column order (names may repeat, as in `SELECT a.id, b.id`). */
export interface RowBatch {
  columns: string[];
  rows: unknown[][];
}

export interface ReadOptions {
  /** Rows per batch (default 1000): what is held in memory at once. */
  batchRows?: number;
}

export interface WriteResult {
  /** Rows the statement returned (`RETURNING …`), as objects. */
  rows: Record<string, unknown>[];
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface SourceTransaction {
  query(sql: string, params?: SourceParams): Promise<WriteResult>;
}

export interface SourceDatabase {
  readonly name: string;
  readonly dialect: SourceDialect;
  /**
   * The rows of one query, batch by batch, read-only and from one consistent snapshot (SQLite: a
   * read-only connection, the statement's own read transaction; PostgreSQL: a `REPEATABLE READ READ
   * ONLY` transaction and a server-side cursor), so memory stays constant however many rows there
   * are. Always yields at least one batch (maybe empty) so the columns are known. Breaking out of
   * the loop ends the read and frees the connection.
   *
   * Values as the drivers give them, except: integers are numbers when they are safe and bigints
   * otherwise (SQLite; PostgreSQL bigint and numeric are strings, every digit kept), PostgreSQL
   * dates and timestamps are ISO 8601 text (timestamptz in UTC with `Z`), intervals are text, blobs
   * are Uint8Array/Buffer.
   */
  read(sql: string, params: SourceParams, options?: ReadOptions): AsyncIterable<RowBatch>;
  /** The first column of the first row of a read-only query, as a number (`SELECT count(*) …`). */
  count(sql: string, params: SourceParams): Promise<number>;
  /** One write transaction: committed when `fn` resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SourceTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const DEFAULT_BATCH_ROWS = 1000;

/** A safe integer as a number, a larger one kept exact as a bigint. */
export function normaliseInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
