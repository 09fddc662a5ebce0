import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

// Shared bench plumbing: the machine, ports, child processes, scratch databases and a read-only
// probe that counts task rows directly (the Store seam has no "count everything" method).

export const ROOT = resolve(import.meta.dirname, '..');
export const NODE = process.execPath;
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendKind = 'sqlite' | 'postgres';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Resident set size of a process in MB (Linux /proc), or null. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

// ── child processes ─────────────────────────────────────────────────────────────────────────────
const children = new Set<ChildProcess>();

export function spawnChild(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Kills one child (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Emergency cleanup on exit: every child this process started, by its own handle. */
export function killAllChildren(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** Runs a command to completion (bounded by `timeoutMs`) and returns stdout. */
export async function runToEnd(args: string[], env: Record<string, string>, timeoutMs: number): Promise<string> {
  const child = spawnChild(args, env);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${err.trim().slice(0, 500)}`);
  return out;
}

// ── scratch databases ───────────────────────────────────────────────────────────────────────────
let scratchCounter = 0;

export interface Scratch {
  kind: BackendKind;
  /** What OFFLOAD_DATABASE gets. */
  database: string;
  probe: Probe;
  drop(): Promise<void>;
}

export interface Probe {
  /** Task rows per status. */
  counts(): Promise<Record<string, number>>;
  total(): Promise<number>;
  /** startedAt − createdAt (ms) of every started task. */
  startDelays(): Promise<number[]>;
  /** A sample of task ids (oldest first). */
  ids(limit: number, status?: string): Promise<string[]>;
  /** First startedAt and last finishedAt (and how many finished) of the tasks started at or after `since`. */
  span(since?: number): Promise<{ firstStart: number | null; lastFinish: number | null; finished: number }>;
  /** The newest task ids (last in the queue). */
  newestIds(limit: number): Promise<string[]>;
  /**
   * The id of the n-th queued noop task in claim order (1-based), or null: one bounded scan of the
   * queue index. A phase waits for that task to finish instead of counting the table every probe,
   * which on a million rows would compete with the system under test for the same cores.
   */
  nthQueuedId(n: number): Promise<string | null>;
  /** One task's status by primary key, or null when it is gone. */
  statusOf(id: string): Promise<string | null>;
  /** For every started child of a task graph: startedAt − its last parent's finishedAt (ms). */
  dependencyDelays(): Promise<number[]>;
  close(): Promise<void>;
}

const DEPENDENCY_DELAYS = `SELECT c.started_at - max(p.finished_at) AS d FROM tasks c
  JOIN task_dependencies e ON e.child_id = c.id JOIN tasks p ON p.id = e.parent_id
  WHERE c.started_at IS NOT NULL GROUP BY c.id, c.started_at`;

export async function createScratch(kind: BackendKind, label: string): Promise<Scratch> {
  scratchCounter += 1;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `offload-bench-${label}-`));
    const path = join(dir, 'offload.db');
    let probe: SqliteProbe | null = null;
    return {
      kind,
      database: path,
      get probe() {
        probe ??= new SqliteProbe(path);
        return probe;
      },
      async drop() {
        await probe?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `offload_bench_${process.pid}_${scratchCounter}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const probe = new PgProbe(url.toString());
  return {
    kind,
    database: url.toString(),
    probe,
    async drop() {
      await probe.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

class SqliteProbe implements Probe {
  #db: DatabaseSync | null = null;
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  get db(): DatabaseSync {
    if (!this.#db) {
      this.#db = new DatabaseSync(this.path, { readOnly: true });
      this.#db.exec('PRAGMA busy_timeout = 5000');
    }
    return this.#db;
  }
  async nthQueuedId(n: number) {
    const r = this.db
      .prepare("SELECT id FROM tasks WHERE status = 'queued' AND type = 'noop' ORDER BY priority DESC, run_at, seq LIMIT 1 OFFSET ?")
      .get(n - 1);
    return r ? String(r.id) : null;
  }
  async statusOf(id: string) {
    const r = this.db.prepare('SELECT status FROM tasks WHERE id = ?').get(id);
    return r ? String(r.status) : null;
  }
  async counts() {
    const rows = this.db.prepare('SELECT status, count(*) AS n FROM tasks GROUP BY status').all();
    return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
  }
  async total() {
    return Number(this.db.prepare('SELECT count(*) AS n FROM tasks').get()?.n ?? 0);
  }
  async startDelays() {
    const rows = this.db.prepare('SELECT started_at - created_at AS d FROM tasks WHERE started_at IS NOT NULL').all();
    return rows.map((r) => Number(r.d));
  }
  async ids(limit: number, status?: string) {
    const rows = status
      ? this.db.prepare('SELECT id FROM tasks WHERE status = ? ORDER BY seq LIMIT ?').all(status, limit)
      : this.db.prepare('SELECT id FROM tasks ORDER BY seq LIMIT ?').all(limit);
    return rows.map((r) => String(r.id));
  }
  async span(since = 0) {
    const r = this.db
      .prepare('SELECT min(started_at) AS a, max(finished_at) AS b, count(finished_at) AS n FROM tasks WHERE started_at >= ?')
      .get(since);
    return { firstStart: r?.a == null ? null : Number(r.a), lastFinish: r?.b == null ? null : Number(r.b), finished: Number(r?.n ?? 0) };
  }
  async newestIds(limit: number) {
    return this.db.prepare('SELECT id FROM tasks ORDER BY seq DESC LIMIT ?').all(limit).map((r) => String(r.id));
  }
  async dependencyDelays() {
    return this.db.prepare(DEPENDENCY_DELAYS).all().map((r) => Number(r.d));
  }
  async close() {
    this.#db?.close();
    this.#db = null;
  }
}

class PgProbe implements Probe {
  #pool: pg.Pool;
  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 2 });
    this.#pool.on('error', () => {});
  }
  async nthQueuedId(n: number) {
    const r = await this.#pool.query(
      "SELECT id FROM tasks WHERE status = 'queued' AND type = 'noop' ORDER BY priority DESC, run_at, seq OFFSET $1 LIMIT 1",
      [n - 1],
    );
    return r.rows[0] ? String(r.rows[0].id) : null;
  }
  async statusOf(id: string) {
    const r = await this.#pool.query('SELECT status FROM tasks WHERE id = $1', [id]);
    return r.rows[0] ? String(r.rows[0].status) : null;
  }
  async dependencyDelays() {
    return (await this.#pool.query(DEPENDENCY_DELAYS)).rows.map((x) => Number(x.d));
  }
  async counts() {
    const r = await this.#pool.query('SELECT status, count(*)::int AS n FROM tasks GROUP BY status');
    return Object.fromEntries(r.rows.map((x) => [String(x.status), Number(x.n)]));
  }
  async total() {
    const r = await this.#pool.query('SELECT count(*)::int AS n FROM tasks');
    return Number(r.rows[0]?.n ?? 0);
  }
  async startDelays() {
    const r = await this.#pool.query('SELECT started_at - created_at AS d FROM tasks WHERE started_at IS NOT NULL');
    return r.rows.map((x) => Number(x.d));
  }
  async ids(limit: number, status?: string) {
    const r = status
      ? await this.#pool.query('SELECT id FROM tasks WHERE status = $1 ORDER BY seq LIMIT $2', [status, limit])
      : await this.#pool.query('SELECT id FROM tasks ORDER BY seq LIMIT $1', [limit]);
    return r.rows.map((x) => String(x.id));
  }
  async span(since = 0) {
    const r = await this.#pool.query(
      'SELECT min(started_at) AS a, max(finished_at) AS b, count(finished_at) AS n FROM tasks WHERE started_at >= $1',
      [since],
    );
    const x = r.rows[0] ?? {};
    return { firstStart: x.a == null ? null : Number(x.a), lastFinish: x.b == null ? null : Number(x.b), finished: Number(x.n ?? 0) };
  }
  async newestIds(limit: number) {
    const r = await this.#pool.query('SELECT id FROM tasks ORDER BY seq DESC LIMIT $1', [limit]);
    return r.rows.map((x) => String(x.id));
  }
  async close() {
    await this.#pool.end().catch(() => {});
  }
}

/**
 * Waits until task `id` has finished (or is gone, or `id` is null), probing every 200 ms and at most
 * `limitSeconds`; `check` runs each probe (e.g. to throw when the worker died). True when finished.
 */
export async function untilFinished(probe: Probe, id: string | null, limitSeconds: number, check: () => void = () => {}): Promise<boolean> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitSeconds * 1000) {
    const status = id === null ? null : await probe.statusOf(id);
    if (status === null || status === 'succeeded' || status === 'failed') return true;
    check();
    await sleep(200);
  }
  return false;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? null;
}
