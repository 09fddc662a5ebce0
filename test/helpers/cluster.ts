import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import { OffloadClient } from '../../src/client/offload-client.ts';
import { type OffloadProcess, runOffload, spawnOffload } from './offload-process.ts';
import { postgresSkip, postgresUrl } from './postgres.ts';

// Several real `offload` processes (API nodes and workers) on one fresh PostgreSQL database, for the
// multi-node acceptance tests in test/cluster/. Each test file gets its own database
// (`offload_t_<pid>_<random>`), dropped WITH (FORCE) at the end, so files never see each other's rows and
// the cluster can be disturbed (connections terminated) without touching anyone else's database.
// Cleanup must survive a failing test and a restarting server: the drop is retried, and a database
// whose creating process is gone (its cleanup never ran or never got through) is dropped by the
// next test that creates one. A database whose process still runs is never touched: other test
// files, and other checkouts, use the same server at the same time.

/** `undefined` when PostgreSQL answers, else the skip message (under CI=true it throws instead). */
export async function postgresSkipReason(): Promise<string | undefined> {
  return (await postgresSkip()) || undefined;
}

async function serverUrl(): Promise<string> {
  const url = await postgresUrl();
  if (!url) throw new Error('cluster tests: no PostgreSQL server reachable');
  return url;
}

export interface TestDatabase {
  name: string;
  /** `postgres://…/<name>` for OFFLOAD_DATABASE. */
  url: string;
  /** A query on the test database through a small pool of the test's own (not the nodes'). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Kills every connection to this database except the test's own (a scoped "database restart"). */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

const DATABASE_PREFIX = 'offload_t_';

export async function createTestDatabase(): Promise<TestDatabase> {
  await dropLeftoverDatabases();
  const name = `${DATABASE_PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(await serverUrl());
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 3, application_name: 'offload-test' });
  pool.on('error', () => {});
  let dropped = false;
  return {
    name,
    url: url.toString(),
    query: (sql, values) => pool.query(sql, values),
    async terminateConnections() {
      const res = await adminQuery(
        `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'offload-test'`,
        [name],
      );
      return Number(res.rows[0]?.n ?? 0);
    },
    async drop() {
      if (dropped) return;
      await pool.end().catch(() => {});
      await dropDatabase(name);
      dropped = true;
    },
  };
}

/** The pid in a database name of ours (`offload_t_<pid>_<hex>`), or null for any other name. */
export function creatorPid(name: string): number | null {
  const match = /^offload_t_(\d+)_[0-9a-f]+$/.exec(name);
  return match ? Number(match[1]) : null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops the test databases whose creating process has exited; their names. */
export async function dropLeftoverDatabases(): Promise<string[]> {
  const { rows } = await adminQuery(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [DATABASE_PREFIX]);
  const leftovers = rows
    .map((r) => String(r.datname))
    .filter((name) => {
      const pid = creatorPid(name);
      return pid !== null && pid !== process.pid && !processAlive(pid);
    });
  for (const name of leftovers) await dropDatabase(name).catch(() => {});
  return leftovers;
}

/**
 * DROP DATABASE … WITH (FORCE), retried with backoff for about 15 s: a server restarting (or
 * terminating connections) must not leave the database behind. Throws when it never got through.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      if (attempt >= 8) throw new Error(`could not drop test database ${name}`, { cause: err });
      await sleep(Math.min(4_000, 100 * 2 ** attempt));
    }
  }
}

async function adminQuery(sql: string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: await serverUrl(), application_name: 'offload-test-admin', connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface ClusterNode {
  process: OffloadProcess;
  /** The node id the node logs and writes as `worker_id` / chore lease `holder`. */
  nodeId: string;
  /** `http://127.0.0.1:PORT` for API nodes, null for workers. */
  url: string | null;
  /** An authenticated client for API nodes. */
  client: OffloadClient | null;
  alive(): boolean;
}

export interface Cluster {
  db: TestDatabase;
  env: Record<string, string>;
  apiKey: string;
  tenant: string;
  servers: ClusterNode[];
  workers: ClusterNode[];
  /** Starts one more node: `serve` (embedded worker unless noWorker) or `worker`. */
  startNode(kind: 'serve' | 'worker', options?: { noWorker?: boolean; env?: Record<string, string> }): Promise<ClusterNode>;
  /** SIGKILLs every process still running and drops the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  /** API nodes (`offload serve`). */
  servers?: number;
  /** Run an embedded worker in the API nodes (default false: `serve --no-worker`). */
  serversWithWorker?: boolean;
  /** `offload worker` nodes. */
  workers?: number;
  /** Extra OFFLOAD_* settings for every node. */
  env?: Record<string, string>;
  startupTimeoutMs?: number;
}

const FAST_DEFAULTS: Record<string, string> = {
  OFFLOAD_LOG_LEVEL: 'info',
  OFFLOAD_WORKER_LEASE_SECONDS: '3',
  OFFLOAD_WORKER_POLL_INTERVAL_MS: '200',
  OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '500',
  OFFLOAD_WORKER_CONCURRENCY: '8',
  // Several nodes per file, two files at once, on one shared server (max_connections 100 by default):
  // small pools keep a run far from the limit.
  OFFLOAD_POSTGRES_POOL_SIZE: '4',
};

/**
 * Spawns one `offload serve` (on a port the OS picks) or `offload worker` with `env` and waits until it logs
 * "offload node started". `onSpawn` sees the node before the wait, so a caller can always kill it.
 */
export async function spawnNode(
  kind: 'serve' | 'worker',
  env: Record<string, string>,
  options: { apiKey: string; noWorker?: boolean; timeoutMs?: number; onSpawn?: (node: ClusterNode) => void },
): Promise<ClusterNode> {
  const args: string[] = [kind];
  if (kind === 'serve') {
    args.push('--port', '0'); // the node logs the port it got
    if (options.noWorker) args.push('--no-worker');
  }
  const proc = spawnOffload(args, env);
  const node: ClusterNode = {
    process: proc,
    nodeId: '',
    url: null,
    client: null,
    alive: () => proc.child.exitCode === null && proc.child.signalCode === null,
  };
  options.onSpawn?.(node);
  const started = await startedOrFatal(proc, options.timeoutMs ?? 45_000);
  node.nodeId = String(started.node ?? '');
  if (kind === 'serve') {
    assert.equal(typeof started.api, 'string', `serve logged no api url: ${JSON.stringify(started)}`);
    node.url = String(started.api);
    node.client = new OffloadClient({ baseUrl: node.url, apiKey: options.apiKey });
  }
  return node;
}

/** Creates an API key with `offload keys create` against the database in `env`. */
export async function createKey(env: Record<string, string>, tenant: string): Promise<string> {
  const created = await runOffload(['keys', 'create', '--tenant', tenant, '--create', '--json'], env);
  assert.equal(created.code, 0, `offload keys create failed: ${created.stderr}`);
  return (JSON.parse(created.stdout) as { key: string }).key;
}

/**
 * A fresh database, one API key, then the API nodes and workers, each waited for until it logs
 * "offload node started". `onCreated` gets the cluster's `close` as soon as the database exists, so
 * a caller can clean up even when the start itself is cut off (a hook timeout) before it returns.
 */
export async function startCluster(options: ClusterOptions = {}, onCreated: (close: () => Promise<void>) => void = () => {}): Promise<Cluster> {
  const db = await createTestDatabase();
  const env: Record<string, string> = { ...FAST_DEFAULTS, ...options.env, OFFLOAD_DATABASE: db.url };
  const startupTimeoutMs = options.startupTimeoutMs ?? 45_000;
  const all: ClusterNode[] = [];
  const tenant = `t${randomBytes(4).toString('hex')}`;
  let closed = false;

  // Safe to call twice; a drop that failed the first time is tried again.
  const close = async () => {
    if (!closed) {
      closed = true;
      await Promise.all(all.map((n) => n.process.kill('SIGKILL').catch(() => null)));
    }
    await db.drop();
  };
  onCreated(close);

  try {
    // Migrate once up front so the nodes do not all race the migration lock at start.
    const migrated = await runOffload(['migrate', '--json'], env);
    assert.equal(migrated.code, 0, `offload migrate failed: ${migrated.stderr}`);
    const apiKey = await createKey(env, tenant);

    const startNode: Cluster['startNode'] = async (kind, nodeOptions = {}) => {
      const node = await spawnNode(kind, { ...env, ...nodeOptions.env }, {
        apiKey,
        noWorker: nodeOptions.noWorker,
        timeoutMs: startupTimeoutMs,
        onSpawn: (n) => all.push(n),
      });
      return node;
    };

    const servers = await Promise.all(
      Array.from({ length: options.servers ?? 0 }, () => startNode('serve', { noWorker: !options.serversWithWorker })),
    );
    const workers = await Promise.all(Array.from({ length: options.workers ?? 0 }, () => startNode('worker')));
    return { db, env, apiKey, tenant, servers, workers, startNode, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface FileCluster {
  /** For every test's options: the skip message when PostgreSQL is unreachable (CI=true throws instead). */
  skip: string | undefined;
  /** The file's cluster; started by `before`, so read it inside tests and later hooks. */
  readonly cluster: Cluster;
}

/**
 * One cluster for a whole test file: registers a `before` that starts it (unless skipped), then runs
 * `onStarted`, and an `after` that closes it. Per-file setup belongs in `onStarted`, not in a `before`
 * of the file's own: top-level `before` hooks start as they are registered, without waiting for
 * each other (Node 24), so a second one would run before the cluster exists.
 */
export async function clusterForFile(
  options: ClusterOptions,
  onStarted: (cluster: Cluster) => void | Promise<void> = () => {},
): Promise<FileCluster> {
  const skip = await postgresSkipReason();
  let cluster: Cluster | undefined;
  let close: (() => Promise<void>) | undefined;
  before(async () => {
    if (skip) return;
    cluster = await startCluster(options, (c) => {
      close = c;
    });
    await onStarted(cluster);
  });
  after(async () => {
    await close?.();
  });
  return {
    skip,
    get cluster() {
      if (!cluster) throw new Error('clusterForFile: no cluster (skipped, or read before its `before` hook ran)');
      return cluster;
    },
  };
}

/** Waits until every task in `db` has finished (succeeded, failed or canceled). */
export async function untilAllTasksFinished(db: TestDatabase, timeoutMs: number): Promise<void> {
  await pollUntil(
    'every task to finish',
    async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status NOT IN ('succeeded', 'failed', 'canceled')`);
      return rows[0]!.n === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** A test's figures, as a test diagnostic (in the reporter's output) and on stdout. */
export function reportFigures(t: { diagnostic(message: string): void }, label: string, figures: object): void {
  t.diagnostic(JSON.stringify(figures));
  console.log(`${label}:`, figures);
}

/**
 * The "offload node started" log entry. Fails fast on the CLI's fatal line (`offload: …`): a node
 * whose start failed may stay alive on its open handles instead of exiting.
 */
async function startedOrFatal(proc: OffloadProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const fatal = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const i = proc.lines.findIndex((l) => l.startsWith('offload: '));
      if (i >= 0) reject(new Error(`node failed to start:\n${proc.lines.slice(i, i + 15).join('\n')}`));
    }, 100);
  });
  const started = proc.waitForLog((e) => e.msg === 'offload node started', timeoutMs);
  started.catch(() => {}); // the race below reports it; a late rejection must not go unhandled
  try {
    return await Promise.race([started, fatal]);
  } finally {
    clearInterval(timer);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Polls `check` every `intervalMs` until it returns a non-undefined value, or throws after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
