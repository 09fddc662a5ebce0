import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { spawnChild, stopChild, type Scratch } from './env.ts';
import type { LoadResult } from './load.ts';
import { runLoad } from './loadgen.ts';

// The references every figure is divided by, measured in the same run on the same machine.

export interface HttpReference {
  load: LoadResult;
  reqPerSec: number;
}

/** An empty Fastify GET route (bench/ref-server.ts), same load generator and connections as submit/poll. */
export async function httpReference(opts: { seconds: number; connections: number }): Promise<HttpReference> {
  const child = spawnChild(['bench/ref-server.ts']);
  try {
    const port = await new Promise<number>((res, rej) => {
      let buf = '';
      const timer = setTimeout(() => rej(new Error('reference server did not start in 15 s')), 15_000);
      child.stdout?.on('data', (d) => {
        buf += d;
        const m = /"port":(\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          res(Number(m[1]));
        }
      });
      child.once('exit', (c) => rej(new Error(`reference server exited ${c}`)));
    });
    const spec = {
      url: `http://127.0.0.1:${port}`,
      method: 'GET' as const,
      path: '/ref',
      connections: opts.connections,
      maxSeconds: opts.seconds + 10,
    };
    await runLoad({ ...spec, duration: 1 }); // warm-up, like the counted loads
    const load = await runLoad({ ...spec, duration: opts.seconds });
    return { load, reqPerSec: load.ok2xx / load.duration };
  } finally {
    await stopChild(child);
  }
}

export interface StoreReference {
  /** Single-row insert transactions per second. */
  singleTxPerSec: number;
  /** Rows per second inserted in transactions of `batchRows` rows. */
  batchedRowsPerSec: number;
  batchRows: number;
  concurrency: { single: number; batched: number };
}

// A task-shaped scratch table (id, tenant, type, status, input, fingerprint, times) with a
// primary key and one queue-like index: what one task insert has to write, without the service.
const COLUMNS = ['id', 'tenant', 'type', 'status', 'input', 'fingerprint', 'run_at', 'created_at', 'updated_at', 'expires_at'];

function row(now: number): unknown[] {
  const id = `tsk_${randomBytes(16).toString('hex')}`;
  return [id, 'bench', 'noop', 'queued', '{}', randomBytes(32).toString('hex'), now, now, now, now + 86_400_000];
}

export async function storeReference(scratch: Scratch, opts: { seconds: number; batchRows: number }): Promise<StoreReference> {
  return scratch.kind === 'sqlite' ? sqliteReference(scratch.database, opts) : postgresReference(scratch.database, opts);
}

function sqliteReference(path: string, opts: { seconds: number; batchRows: number }): StoreReference {
  // The settings src/store/sqlite/store.ts uses: WAL, busy_timeout, synchronous NORMAL.
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec(`CREATE TABLE scratch (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL,
    type TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL, fingerprint TEXT NOT NULL, run_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
  db.exec(`CREATE INDEX scratch_queue ON scratch (type, run_at, seq) WHERE status = 'queued'`);
  const insert = db.prepare(`INSERT INTO scratch (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`);
  const half = (opts.seconds * 1000) / 2;

  let t0 = performance.now();
  let single = 0;
  while (performance.now() - t0 < half && single < 2_000_000) {
    db.exec('BEGIN IMMEDIATE');
    insert.run(...(row(Date.now()) as never[]));
    db.exec('COMMIT');
    single++;
  }
  const singleTxPerSec = single / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  let rows = 0;
  while (performance.now() - t0 < half && rows < 20_000_000) {
    const now = Date.now();
    db.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < opts.batchRows; i++) insert.run(...(row(now) as never[]));
    db.exec('COMMIT');
    rows += opts.batchRows;
  }
  const batchedRowsPerSec = rows / ((performance.now() - t0) / 1000);
  db.exec('DROP TABLE scratch');
  db.close();
  return { singleTxPerSec, batchedRowsPerSec, batchRows: opts.batchRows, concurrency: { single: 1, batched: 1 } };
}

async function postgresReference(url: string, opts: { seconds: number; batchRows: number }): Promise<StoreReference> {
  // The settings src/store/postgres uses: a pg pool of 10 (config postgres.poolSize).
  const poolSize = 10;
  const batchedConcurrency = 4; // = submit-bulk's connections
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {});
  try {
    await pool.query(`CREATE TABLE scratch (seq BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
      type TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL, fingerprint TEXT NOT NULL, run_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)`);
    await pool.query(`CREATE INDEX scratch_queue ON scratch (type, run_at, seq) WHERE status = 'queued'`);
    const single = `INSERT INTO scratch (${COLUMNS.join(',')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(',')})`;
    const batched = `INSERT INTO scratch (${COLUMNS.join(',')}) SELECT * FROM unnest($1::text[], $2::text[], $3::text[],
      $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])`;
    const half = (opts.seconds * 1000) / 2;

    let count = 0;
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: poolSize }, async () => {
        while (performance.now() - t0 < half && count < 2_000_000) {
          await pool.query(single, row(Date.now()));
          count++;
        }
      }),
    );
    const singleTxPerSec = count / ((performance.now() - t0) / 1000);

    let rows = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: batchedConcurrency }, async () => {
        while (performance.now() - t0 < half && rows < 20_000_000) {
          const cols: unknown[][] = COLUMNS.map(() => []);
          const now = Date.now();
          for (let i = 0; i < opts.batchRows; i++) {
            const r = row(now);
            for (let j = 0; j < r.length; j++) cols[j]!.push(r[j]);
          }
          await pool.query(batched, cols);
          rows += opts.batchRows;
        }
      }),
    );
    const batchedRowsPerSec = rows / ((performance.now() - t0) / 1000);
    await pool.query('DROP TABLE scratch');
    return { singleTxPerSec, batchedRowsPerSec, batchRows: opts.batchRows, concurrency: { single: poolSize, batched: batchedConcurrency } };
  } finally {
    await pool.end();
  }
}
