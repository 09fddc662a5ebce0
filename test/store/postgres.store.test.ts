import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { nextDurationStats } from '../../src/domain/estimates.ts';
import type { NewTask } from '../../src/domain/task.ts';
import { loadMigrations, migrate } from '../../src/store/postgres/migrator.ts';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import { type Store, StoreUnavailableError } from '../../src/store/store.ts';
import { postgresSkip, randomSchemaName, type TempPostgresStore, tempPostgresStore } from '../helpers/postgres.ts';
import { storeContract } from './contract/store-contract.ts';

const skip = await postgresSkip();

if (skip) describe('store contract: postgres', { skip }, () => {});
else storeContract('postgres', () => tempPostgresStore());

let counter = 0;
function newTask(overrides: Partial<NewTask> = {}): NewTask {
  const now = Date.now();
  counter++;
  return {
    id: `tsk_pg${process.pid}_${now}_${counter}`,
    tenant: 'tenant-a',
    type: 'echo',
    status: 'queued',
    customId: null,
    priority: 0,
    inputJson: '{}',
    metadata: null,
    fingerprint: 'fp',
    runAt: now,
    timeoutSeconds: 30,
    maxAttempts: 3,
    callbackUrl: null,
    createdAt: now,
    expiresAt: now + 3_600_000,
    ...overrides,
  };
}

/** Resolves with the first value `register` reports, or rejects after `ms`. */
function nextEvent<T>(register: (cb: (value: T) => void) => () => void, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no event within ${ms} ms`));
    }, ms);
    const off = register((value) => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

async function adminQuery(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe('postgres store (PostgreSQL-only behaviour)', { skip }, () => {
  let a: TempPostgresStore;
  let b: Store;

  before(async () => {
    a = await tempPostgresStore();
    // A second instance with its own pool and LISTEN connection: another process, as far as PG knows.
    b = await openPostgresStore({ url: a.url, schema: a.schema, poolSize: 4 });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test('concurrent claims from two store instances never hand one task to both', async () => {
    const type = `race-${counter}`;
    const tasks = Array.from({ length: 500 }, () => newTask({ type }));
    await a.store.taskInsertMany({ tasks });
    const claimedBy = new Map<string, string>();
    const duplicates: string[] = [];
    const loop = async (store: Store, name: string) => {
      for (;;) {
        const claimed = await store.taskClaim({
          types: [type],
          perType: {},
          limit: 7,
          workerId: name,
          leaseMs: 60_000,
          now: Date.now(),
        });
        if (claimed.length === 0) return;
        for (const { task, leaseToken } of claimed) {
          if (claimedBy.has(task.id)) duplicates.push(task.id);
          claimedBy.set(task.id, name);
          const done = await store.taskComplete({ id: task.id, leaseToken, resultJson: null, now: Date.now(), retentionMs: 1000 });
          assert.ok(done, 'the claimer completes with its own lease');
        }
      }
    };
    await Promise.all([loop(a.store, 'a'), loop(b, 'b'), loop(a.store, 'a2'), loop(b, 'b2')]);
    assert.deepEqual(duplicates, []);
    assert.equal(claimedBy.size, 500);
    const byWorker = new Set(claimedBy.values());
    assert.ok(byWorker.size >= 2, `both instances claimed (workers: ${[...byWorker].join(', ')})`);
  });

  test('NOTIFY reaches a second store instance: onTaskAvailable and onTaskChanged', async () => {
    const type = `notify-${counter}`;
    const available = nextEvent<string>((cb) => b.events.onTaskAvailable((t) => t === type && cb(t)));
    const { task } = await a.store.taskInsert({ task: newTask({ type }) });
    assert.equal(await available, type);

    const changed = nextEvent<string>((cb) => b.events.onTaskChanged((id) => id === task.id && cb(id)));
    await a.store.taskCancel({
      tenant: null,
      id: task.id,
      error: { type: 'about:blank', title: 'Canceled', status: 409, code: 'canceled' },
      now: Date.now(),
      retentionMs: 1000,
    });
    assert.equal(await changed, task.id);
  });

  test('a store in another schema of the same database hears none of these notifications', async () => {
    const other = await tempPostgresStore();
    try {
      const heard: string[] = [];
      other.store.events.onTaskAvailable((t) => heard.push(t));
      other.store.events.onTaskChanged((id) => heard.push(id));
      const type = `isolated-${counter}`;
      const arrived = nextEvent<string>((cb) => b.events.onTaskAvailable((t) => t === type && cb(t)));
      await a.store.taskInsert({ task: newTask({ type }) });
      await arrived;
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(heard, []);
    } finally {
      await other.close();
    }
  });

  test('notifications of a transaction arrive only after it commits', async () => {
    const type = `tx-notify-${counter}`;
    const seen: string[] = [];
    const off = b.events.onTaskAvailable((t) => t === type && seen.push(t));
    const arrived = nextEvent<string>((cb) => b.events.onTaskAvailable((t) => t === type && cb(t)));
    await a.store.withTransaction(async (tx) => {
      await tx.taskInsert({ task: newTask({ type }) });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(seen, [], 'nothing announced before commit');
    });
    assert.equal(await arrived, type);
    off();
  });

  test('a rolled-back transaction announces nothing', async () => {
    const type = `rollback-${counter}`;
    const seen: string[] = [];
    const off = b.events.onTaskAvailable((t) => t === type && seen.push(t));
    await assert.rejects(
      a.store.withTransaction(async (tx) => {
        await tx.taskInsert({ task: newTask({ type }) });
        throw new Error('abort');
      }),
      /abort/,
    );
    await new Promise((r) => setTimeout(r, 300));
    off();
    assert.deepEqual(seen, []);
  });

  test('the LISTEN client recovers after pg_terminate_backend', async () => {
    const killed = await adminQuery(
      a.url,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [`offload-listener:${a.schema}`],
    );
    assert.ok(killed.rowCount! >= 1, 'a listener connection was terminated');
    // Events flow again within a few seconds: keep producing until store B hears one.
    const type = `recover-${counter}`;
    const heard = nextEvent<string>((cb) => b.events.onTaskAvailable((t) => t === type && cb(t)), 10_000);
    let done = false;
    const producer = (async () => {
      while (!done) {
        await a.store.taskInsert({ task: newTask({ type }) });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      assert.equal(await heard, type);
    } finally {
      done = true;
      await producer;
    }
    assert.equal((await b.ping()).ok, true);
    assert.equal((await a.store.ping()).ok, true);
  });

  test('idle pool connections killed by the server are logged and replaced, not fatal', async () => {
    const errors: object[] = [];
    const c = await tempPostgresStore({ logger: { warn: () => {}, error: (o) => errors.push(o) } });
    try {
      await Promise.all([1, 2, 3].map(() => c.store.taskGet({ tenant: null, id: 'tsk_none' })));
      const killed = await adminQuery(
        c.url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle'",
        [`offload:${c.schema}`],
      );
      assert.ok(killed.rowCount! >= 1);
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(errors.length >= 1, 'the pool reported the dropped clients');
      assert.equal(await c.store.taskGet({ tenant: null, id: 'tsk_none' }), null);
    } finally {
      await c.close();
    }
  });

  test('duration statistics follow nextDurationStats', async () => {
    const type = `stats-${counter}`;
    let expected = null as ReturnType<typeof nextDurationStats> | null;
    for (const duration of [100, 300, 50]) {
      await a.store.taskInsert({ task: newTask({ type }) });
      const now = Date.now();
      const [claimed] = await a.store.taskClaim({ types: [type], perType: {}, limit: 1, workerId: 'w', leaseMs: 1000, now });
      await a.store.taskComplete({ id: claimed!.task.id, leaseToken: claimed!.leaseToken, resultJson: null, now: now + duration, retentionMs: 1 });
      expected = nextDurationStats(expected, duration);
    }
    const stats = await a.store.typeStatsGet({ type });
    assert.equal(stats?.count, expected!.count);
    assert.ok(Math.abs(stats!.meanMs - expected!.meanMs) < 1e-9, `${stats!.meanMs} ≈ ${expected!.meanMs}`);
  });

  test('int8 columns come back as numbers without changing pg global type parsers', async () => {
    const { task } = await a.store.taskInsert({ task: newTask() });
    assert.equal(typeof task.seq, 'number');
    assert.equal(typeof task.createdAt, 'number');
    assert.equal(pg.types.getTypeParser(20, 'text')('42'), '42');
  });
});

describe('postgres store migrations (PostgreSQL-only)', { skip }, () => {
  test('concurrent migrate() from two instances on a fresh schema is safe', async () => {
    const schema = randomSchemaName();
    const first = await tempPostgresStore({ schema, migrate: false });
    const second = await openPostgresStore({ url: first.url, schema, poolSize: 2 });
    try {
      const results = await Promise.all([first.store.migrate(), second.migrate(), first.store.migrate()]);
      const { codeVersion, ok } = await second.ping();
      assert.equal(ok, true);
      for (const r of results) assert.equal(r.to, codeVersion);
      // Exactly one run applied each migration; the others found it done.
      assert.equal(results.filter((r) => r.from === 0).length >= 1, true);
      const rows = await adminQuery(first.url, `SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      assert.deepEqual(
        rows.rows.map((r) => r.version),
        Array.from({ length: codeVersion }, (_, i) => i + 1),
      );
    } finally {
      await second.close();
      await first.close();
    }
  });

  test('migration 005 moves a bulk record written as task_id `bulk:<JSON>` into outcome', async () => {
    const temp = await tempPostgresStore({ migrate: false });
    const pool = new pg.Pool({ connectionString: temp.url, options: `-c search_path=${temp.schema}`, max: 1 });
    try {
      await migrate(pool, loadMigrations().filter((m) => m.version <= 4));
      const now = Date.now();
      const outcome = JSON.stringify([[202, 'tsk_old'], [422, { code: 'unknown-task-type' }]]);
      const insert = `INSERT INTO idempotency_keys (tenant, key, fingerprint, state, status_code, task_id, locked_until, expires_at)
        VALUES ('t', $1, 'f', 'done', $2, $3, $4, $5)`;
      await pool.query(insert, ['bulk', 202, `bulk:${outcome}`, now, now + 3_600_000]);
      await pool.query(insert, ['single', 201, 'tsk_single', now, now + 3_600_000]);

      assert.deepEqual(await temp.store.migrate(), { from: 4, to: loadMigrations().length });
      const begin = (key: string) =>
        temp.store.idempotencyBegin({ tenant: 't', key, fingerprint: 'f', now, lockedUntil: now + 1000, expiresAt: now + 3_600_000 });
      assert.deepEqual(await begin('bulk'), { state: 'done', statusCode: 202, outcome });
      assert.deepEqual(await begin('single'), { state: 'done', statusCode: 201, taskId: 'tsk_single' });
      const { rows } = await pool.query("SELECT task_id, outcome FROM idempotency_keys WHERE key = 'bulk'");
      assert.deepEqual(rows, [{ task_id: null, outcome }]);
    } finally {
      await pool.end();
      await temp.close();
    }
  });

  test('refuses a database newer than the code', async () => {
    const temp = await tempPostgresStore();
    try {
      await adminQuery(temp.url, `INSERT INTO "${temp.schema}".schema_migrations VALUES (999, 0)`);
      await assert.rejects(temp.store.migrate(), /newer than this code/);
      assert.equal((await temp.store.ping()).ok, false);
    } finally {
      await temp.close();
    }
  });
});

describe('postgres store without a server (PostgreSQL-only)', () => {
  test('an unreachable server gives StoreUnavailableError and ping ok:false, never a crash', async () => {
    const warnings: object[] = [];
    const store = await openPostgresStore({
      url: 'postgres://postgres@127.0.0.1:1/test',
      logger: { warn: (o) => warnings.push(o), error: (o) => warnings.push(o) },
    });
    try {
      assert.equal((await store.ping()).ok, false);
      await assert.rejects(store.taskGet({ tenant: null, id: 'tsk_x' }), StoreUnavailableError);
      await assert.rejects(
        store.withTransaction((tx) => tx.taskGet({ tenant: null, id: 'tsk_x' })),
        StoreUnavailableError,
      );
      assert.ok(warnings.length > 0, 'the listener logged its failed connection');
    } finally {
      await store.close();
    }
  });
});
