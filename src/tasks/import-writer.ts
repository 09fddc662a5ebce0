// The write stage of `import` (docs/imports.md): valid rows go to the target table in chunks, one
// transaction each, and each chunk is recorded in a ledger table of the target database —
// `offload_import_chunks`, created when absent — in the same transaction as its rows. A retry (after
// a crash, a lost lease, a cancel and POST /retry) reads the ledger and skips the chunks it has:
// the rows of a chunk are in the table exactly when its ledger row is, so no chunk lands twice.
// A row the database refuses (a constraint, a value out of the column's range) is rejected alone:
// the chunk is written inside a savepoint, and when refused its halves are, down to the rows the
// database refuses; the refusals are kept in the ledger so a retry that skips the chunk still
// reports them.

import type { SourceDatabase, SourceTransaction } from '../sources/source-database.ts';
import { SourceUnavailableError } from '../sources/source-errors.ts';

type TargetTx = SourceTransaction;
export type TargetDatabase = Pick<SourceDatabase, 'dialect' | 'transaction'>;

export interface ChunkRow {
  line: number;
  values: Record<string, unknown>;
}

export interface RefusedRow {
  line: number;
  field: string | null;
  reason: string;
}

export interface ChunkOutcome {
  rows: number;
  inserted: number;
  updated: number;
  refused: RefusedRow[];
}

/** The target cannot take rows at all (a missing table or column, an upsert key without a unique index). */
export class TargetUnusableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TargetUnusableError';
  }
}

export const LEDGER_TABLE = 'offload_import_chunks';

const ledgerDdl = (ledger: string) => `CREATE TABLE IF NOT EXISTS ${ledger} (
  task_id      TEXT    NOT NULL,
  chunk_no     INTEGER NOT NULL,
  row_count    INTEGER NOT NULL,
  inserted     INTEGER NOT NULL,
  updated      INTEGER NOT NULL,
  refused      TEXT    NOT NULL,
  committed_at BIGINT  NOT NULL,
  PRIMARY KEY (task_id, chunk_no)
)`;

/** Bound values per statement: under SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMS = 30_000;
/**
 * Rows per statement (and per savepoint): small enough that a refused row costs little to find
 * (its group is halved down to it, the other groups of the chunk stay written), large enough that
 * a chunk is a few statements.
 */
const GROUP_ROWS = 50;

const quote = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');

export function createChunkWriter(options: {
  db: TargetDatabase;
  taskId: string;
  table: string;
  /** field → column, in a fixed order. */
  columns: ReadonlyMap<string, string>;
  /** Key columns (upsert). */
  key: readonly string[];
  mode: 'insert' | 'upsert';
}) {
  const { db, taskId, mode } = options;
  const fields = [...options.columns.keys()];
  const columnList = fields.map((f) => quote(options.columns.get(f)!)).join(', ');
  const keyColumns = options.key.map(quote);
  const keyFields = options.key.map((column) => fields.find((f) => options.columns.get(f) === column)!);
  const updates = fields.filter((f) => !options.key.includes(options.columns.get(f)!)).map((f) => `${quote(options.columns.get(f)!)} = excluded.${quote(options.columns.get(f)!)}`);
  const conflict = mode === 'upsert' ? ` ON CONFLICT (${keyColumns.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}` : '';
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Math.max(fields.length, keyFields.length)));
  const table = quote(options.table);
  // The ledger lives beside the table: in its schema when the table names one.
  const ledger = options.table.includes('.') ? `${quote(options.table.split('.')[0]!)}.${LEDGER_TABLE}` : LEDGER_TABLE;

  const toSql = (value: unknown): unknown => {
    if (value === undefined || value === null) return null;
    // Objects and arrays are stored as JSON text (node-postgres would make an array a PostgreSQL array).
    if (typeof value === 'object') return JSON.stringify(value);
    return value;
  };

  async function insertRows(tx: TargetTx, rows: ChunkRow[]): Promise<void> {
    for (let at = 0; at < rows.length; at += perStatement) {
      const part = rows.slice(at, at + perStatement);
      const params: Record<string, unknown> = {};
      const tuples = part.map((row, r) => `(${fields.map((f, c) => {
        params[`r${r}c${c}`] = toSql(row.values[f]);
        return `:r${r}c${c}`;
      }).join(', ')})`);
      await tx.query(`INSERT INTO ${table} (${columnList}) VALUES ${tuples.join(', ')}${conflict}`, params);
    }
  }

  /** How many of these rows' keys the table has already: an upsert updates those, inserts the rest. */
  async function existing(tx: TargetTx, rows: ChunkRow[]): Promise<number> {
    if (mode !== 'upsert') return 0;
    let n = 0;
    for (let at = 0; at < rows.length; at += perStatement) {
      const part = rows.slice(at, at + perStatement);
      const params: Record<string, unknown> = {};
      const keys = part.map((row, r) => {
        const values = keyFields.map((f, c) => {
          params[`k${r}c${c}`] = toSql(row.values[f]);
          return `:k${r}c${c}`;
        });
        return keyFields.length === 1 ? values[0]! : keyColumns.map((column, c) => `${column} = ${values[c]}`).join(' AND ');
      });
      // A key of several columns as OR-ed equalities: SQLite takes a row-value IN list only as
      // VALUES, whose parameters PostgreSQL then types as text (integer = text fails).
      const where = keyColumns.length === 1 ? `${keyColumns[0]} IN (${keys.join(', ')})` : keys.map((k) => `(${k})`).join(' OR ');
      const [row] = (await tx.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows;
      n += Number(row?.n ?? 0);
    }
    return n;
  }

  async function writeAll(tx: TargetTx, rows: ChunkRow[]): Promise<{ inserted: number; updated: number }> {
    const updated = await existing(tx, rows);
    await insertRows(tx, rows);
    return { inserted: rows.length - updated, updated };
  }

  /**
   * Writes rows inside a savepoint; when the database refuses them, writes each half the same way,
   * down to the single row it refuses — a few statements per bad row instead of one per row.
   */
  async function writePart(tx: TargetTx, rows: ChunkRow[], outcome: ChunkOutcome, depth: number): Promise<void> {
    const savepoint = `offload_part_${depth}`;
    await tx.query(`SAVEPOINT ${savepoint}`);
    try {
      const done = await writeAll(tx, rows);
      outcome.inserted += done.inserted;
      outcome.updated += done.updated;
      await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
      return;
    } catch (err) {
      if (err instanceof SourceUnavailableError) throw err;
      if (isUnusable(err)) throw new TargetUnusableError((err as Error).message, { cause: err });
      await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
      if (rows.length === 1) {
        outcome.refused.push({ line: rows[0]!.line, field: null, reason: `refused by the database: ${firstLine((err as Error).message)}` });
        return;
      }
    }
    const half = Math.ceil(rows.length / 2);
    await writePart(tx, rows.slice(0, half), outcome, depth + 1);
    await writePart(tx, rows.slice(half), outcome, depth + 1);
  }

  return {
    /** Creates the ledger when absent and checks the target takes these columns. Chunks already committed by earlier attempts. */
    async prepare(): Promise<Map<number, ChunkOutcome>> {
      return db.transaction(async (tx) => {
        await tx.query(ledgerDdl(ledger));
        try {
          await tx.query(`SELECT ${columnList} FROM ${table} WHERE 1 = 0`);
        } catch (err) {
          throw new TargetUnusableError(`the target table cannot be read with its configured columns: ${(err as Error).message}`, { cause: err });
        }
        const { rows } = await tx.query(
          `SELECT chunk_no, row_count, inserted, updated, refused FROM ${ledger} WHERE task_id = :taskId ORDER BY chunk_no`,
          { taskId },
        );
        return new Map(rows.map((r) => [Number(r.chunk_no), ledgerOutcome(r)]));
      });
    },

    /** Writes one chunk and its ledger row in one transaction (or answers what another attempt committed for it). */
    async write(chunkNo: number, rows: ChunkRow[]): Promise<ChunkOutcome> {
      try {
        return await db.transaction(async (tx) => {
          const outcome: ChunkOutcome = { rows: rows.length, inserted: 0, updated: 0, refused: [] };
          for (let at = 0; at < rows.length; at += GROUP_ROWS) await writePart(tx, rows.slice(at, at + GROUP_ROWS), outcome, 0);
          await tx.query(
            `INSERT INTO ${ledger} (task_id, chunk_no, row_count, inserted, updated, refused, committed_at) VALUES (:taskId, :chunkNo, :rows, :inserted, :updated, :refused, :at)`,
            { taskId, chunkNo, rows: outcome.rows, inserted: outcome.inserted, updated: outcome.updated, refused: JSON.stringify(outcome.refused), at: Date.now() },
          );
          return outcome;
        });
      } catch (err) {
        if (err instanceof TargetUnusableError || err instanceof SourceUnavailableError) throw err;
        // Another attempt of the task (one that lost its lease but still ran) committed this chunk
        // first: its ledger row refused ours, our rows were rolled back with it. Take its outcome.
        const committed = await db.transaction((tx) =>
          tx.query(`SELECT chunk_no, row_count, inserted, updated, refused FROM ${ledger} WHERE task_id = :taskId AND chunk_no = :chunkNo`, { taskId, chunkNo }),
        );
        if (committed.rows[0]) return ledgerOutcome(committed.rows[0]);
        throw err;
      }
    },
  };
}

function ledgerOutcome(r: Record<string, unknown>): ChunkOutcome {
  return { rows: Number(r.row_count), inserted: Number(r.inserted), updated: Number(r.updated), refused: JSON.parse(String(r.refused)) as RefusedRow[] };
}

/** Errors no single row causes: the upsert key has no unique index to conflict on. */
function isUnusable(err: unknown): boolean {
  const message = (err as Error)?.message ?? '';
  return /no unique or exclusion constraint matching the ON CONFLICT|ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint/i.test(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 500);
}

export type ChunkWriter = ReturnType<typeof createChunkWriter>;
