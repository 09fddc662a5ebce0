import { fingerprint } from '../src/domain/fingerprint.ts';
import { newId } from '../src/domain/ids.ts';
import type { NewTask } from '../src/domain/task.ts';
import type { Store } from '../src/store/store.ts';
import type { BackendKind, Scratch } from './env.ts';
import type { HttpReference, StoreReference } from './references.ts';
import type { Figure } from './report.ts';

// What every workload gets, and the helpers several of them share.

export interface Profile {
  quick: boolean;
  /** Load seconds for submit, bulk, poll, scale's submit and status phases. */
  loadSeconds: number;
  drainTasks: number;
  latencyTasks: number;
  steadyRates: number[];
  steadyStepSeconds: number;
  scaleTasks: number;
  /** Claims timed in scale (the empty case gets exactly this many queued). */
  scaleClaims: number;
  connections: number;
  bulkConnections: number;
  /** Upper bound of one phase that waits on the system (drain, preload). */
  phaseLimitSeconds: number;
}

export function profile(quick: boolean): Profile {
  return quick
    ? {
        quick,
        loadSeconds: 3,
        drainTasks: 10_000,
        latencyTasks: 200,
        steadyRates: [100, 250, 500, 1000, 2000],
        steadyStepSeconds: 2,
        scaleTasks: 100_000,
        scaleClaims: 3_000,
        connections: 50,
        bulkConnections: 4,
        phaseLimitSeconds: 40,
      }
    : {
        quick,
        loadSeconds: 10,
        drainTasks: 100_000,
        latencyTasks: 1_000,
        steadyRates: [100, 250, 500, 1000, 2000, 4000],
        steadyStepSeconds: 5,
        scaleTasks: 1_000_000,
        scaleClaims: 20_000,
        connections: 50,
        bulkConnections: 4,
        phaseLimitSeconds: 180,
      };
}

export interface Ctx {
  kind: BackendKind;
  profile: Profile;
  http: HttpReference;
  store: StoreReference;
  log(msg: string): void;
}

export interface WorkloadResult {
  figures: Figure[];
  raw: unknown;
}

export const SUBMIT_BODY = JSON.stringify({ type: 'noop', input: {} });

export function bulkBody(n: number): string {
  return JSON.stringify({ tasks: Array.from({ length: n }, () => ({ type: 'noop', input: {} })) });
}

export function authHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/** The store as Offload opens it (same settings), migrated. */
export async function openBenchStore(scratch: Scratch): Promise<Store> {
  let store: Store;
  if (scratch.kind === 'sqlite') {
    const { openSqliteStore } = await import('../src/store/sqlite/store.ts');
    store = await openSqliteStore({ path: scratch.database, synchronous: 'NORMAL' });
  } else {
    const { openPostgresStore } = await import('../src/store/postgres/store.ts');
    store = await openPostgresStore({ url: scratch.database, poolSize: 10 });
  }
  await store.migrate();
  return store;
}

const NOOP_FINGERPRINT = fingerprint({ type: 'noop', input: {} });

export function noopTasks(n: number, now: number): NewTask[] {
  return Array.from({ length: n }, () => ({
    id: newId('tsk'),
    tenant: 'bench',
    type: 'noop',
    status: 'queued' as const,
    customId: null,
    priority: 0,
    inputJson: '{}',
    metadata: null,
    fingerprint: NOOP_FINGERPRINT,
    runAt: now,
    timeoutSeconds: 300,
    maxAttempts: 3,
    callbackUrl: null,
    createdAt: now,
    expiresAt: now + 7 * 86_400_000,
  }));
}

/** Inserts `n` queued no-op tasks through the store's `taskInsertMany` in chunks, bounded by time. */
export async function preload(scratch: Scratch, n: number, limitSeconds: number): Promise<{ inserted: number; seconds: number }> {
  const store = await openBenchStore(scratch);
  const t0 = performance.now();
  let inserted = 0;
  try {
    while (inserted < n && performance.now() - t0 < limitSeconds * 1000) {
      const chunk = Math.min(1000, n - inserted);
      await store.taskInsertMany({ tasks: noopTasks(chunk, Date.now()) });
      inserted += chunk;
    }
  } finally {
    await store.close();
  }
  // SQLite: fold the preload's write-ahead log into the database now, so that the measured phase
  // does not pay for copying the preload's pages (a long-running store checkpoints as it goes).
  // PostgreSQL: likewise vacuum, analyze and checkpoint, or the autovacuum and checkpoint that a
  // bulk load of this size triggers run during the measured phase, on the same two cores.
  if (scratch.kind === 'sqlite') {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(scratch.database);
    try {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } else if (inserted > 0) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: scratch.database });
    await client.connect();
    try {
      await client.query('VACUUM (ANALYZE) tasks');
      await client.query('CHECKPOINT');
    } finally {
      await client.end();
    }
  }
  return { inserted, seconds: (performance.now() - t0) / 1000 };
}
