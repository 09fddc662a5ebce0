import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

// Source databases for export tests: a SQLite file and a schema of the test PostgreSQL server, both
// holding `items`, whose labels are the values a CSV writer gets wrong (quotes, commas, LF, CR,
// CRLF, unicode with emoji, NULL, the empty string, formula starts), and a larger `numbers`.
// Files are read back with Python's csv and json modules: parsers nobody here wrote.

/** Labels in row order (id = index + 1, cycling); what a spreadsheet-safe CSV cell of each must be. */
export const TRICKY_LABELS: { label: string | null; csv: string }[] = [
  { label: 'plain', csv: 'plain' },
  { label: 'a "quoted", comma', csv: 'a "quoted", comma' },
  { label: 'line\nbreak', csv: 'line\nbreak' },
  { label: 'carriage\rreturn', csv: 'carriage\rreturn' },
  { label: 'crlf\r\ninside', csv: 'crlf\r\ninside' },
  { label: 'emoji 🎉 ünïcödé 漢字', csv: 'emoji 🎉 ünïcödé 漢字' },
  { label: null, csv: '' },
  { label: '', csv: '' },
  { label: '=HYPERLINK("http://x")', csv: '\'=HYPERLINK("http://x")' },
  { label: '+cmd|calc', csv: "'+cmd|calc" },
  { label: '-2+3', csv: "'-2+3" },
  { label: '@SUM(A1)', csv: "'@SUM(A1)" },
  { label: '\ttab first', csv: "'\ttab first" },
  { label: '\rcr first', csv: "'\rcr first" },
  { label: '-5', csv: '-5' },
  { label: 'trailing space ', csv: 'trailing space ' },
];

export const BIG_INTEGER = '9007199254740993';
export const CREATED = '2024-02-29T23:59:58.123456Z';

export interface ItemRow {
  id: number;
  label: string | null;
  /** Row 1: beyond 2^53. */
  amount: bigint;
  /** Every third row: NULL. */
  data: Buffer | null;
}

export function itemRows(count: number): ItemRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    label: TRICKY_LABELS[i % TRICKY_LABELS.length]!.label,
    amount: i === 0 ? BigInt(BIG_INTEGER) : BigInt((i % 2 === 0 ? 1 : -1) * i * 10),
    data: i % 3 === 2 ? null : Buffer.from([i % 256, 0, 255, 10, 13]),
  }));
}

/** A SQLite source file with `items` (count rows) and `numbers` (1..numbers). */
export function createSqliteSource(path: string, count: number, numbers = 0): void {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, amount INTEGER, data BLOB, created TEXT)');
  db.exec('CREATE TABLE numbers (n INTEGER PRIMARY KEY, word TEXT)');
  const insert = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)');
  db.exec('BEGIN');
  for (const row of itemRows(count)) insert.run(row.id, row.label, row.amount, row.data, CREATED);
  db.exec('COMMIT');
  if (numbers > 0) {
    db.exec(`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${numbers})
      INSERT INTO numbers SELECT n, 'number ' || n || ', "quoted"' FROM s`);
  }
  db.close();
}

export interface PostgresSource {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A schema of its own on the test server with the same `items` (timestamptz `created`) and `numbers`. */
export async function createPostgresSource(url: string, count: number, numbers = 0): Promise<PostgresSource> {
  const schema = `export_src_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.items (id integer PRIMARY KEY, label text, amount bigint, data bytea, created timestamptz)`);
    await client.query(`CREATE TABLE ${schema}.numbers (n integer PRIMARY KEY, word text)`);
    const rows = itemRows(count);
    for (let at = 0; at < rows.length; at += 500) {
      const chunk = rows.slice(at, at + 500);
      await client.query(
        `INSERT INTO ${schema}.items SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bytea[], $5::timestamptz[])`,
        [chunk.map((r) => r.id), chunk.map((r) => r.label), chunk.map((r) => r.amount.toString()), chunk.map((r) => r.data), chunk.map(() => CREATED)],
      );
    }
    if (numbers > 0) {
      await client.query(`INSERT INTO ${schema}.numbers SELECT n, 'number ' || n || ', "quoted"' FROM generate_series(1, ${numbers}) n`);
    }
  } finally {
    await client.end();
  }
  return {
    url,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => c.end());
    },
  };
}

/** The records of a CSV file as Python's csv module reads them. */
export function pythonCsv(path: string): string[][] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8") as f:\n  print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

/** The objects of a JSONL file as Python's json module reads them, line by line. */
export function pythonJsonl(path: string): unknown[] {
  const script =
    'import json, sys\nwith open(sys.argv[1], encoding="utf-8", newline="") as f:\n  print(json.dumps([json.loads(line) for line in f.read().split("\\n") if line != ""]))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}
