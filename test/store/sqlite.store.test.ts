import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import { tempSqliteStore } from '../helpers/sqlite.ts';
import { storeContract } from './contract/store-contract.ts';

storeContract('sqlite', tempSqliteStore);

const HOUR = 3_600_000;

describe('sqlite-only', () => {
  test('sqlite-only: two stores on the same file never claim the same task twice', async () => {
    const first = await tempSqliteStore();
    const second = await openSqliteStore({ path: first.path });
    try {
      const now = Date.now();
      const tasks = Array.from({ length: 50 }, (_, i) => ({
        id: `tsk_two_${i}`, tenant: 't', type: 'shared', status: 'queued' as const, customId: null, priority: 0,
        inputJson: '{}', metadata: null, fingerprint: 'f', runAt: now, timeoutSeconds: 30, maxAttempts: 1,
        callbackUrl: null, createdAt: now, expiresAt: now + HOUR,
      }));
      await first.store.taskInsertMany({ tasks });
      const claim = (store: typeof first.store, workerId: string) =>
        store.taskClaim({ types: ['shared'], perType: {}, limit: 7, workerId, leaseMs: 10_000, now });
      const seen = new Set<string>();
      for (;;) {
        const batch = [...(await claim(first.store, 'a')), ...(await claim(second, 'b'))];
        if (batch.length === 0) break;
        for (const { task } of batch) {
          assert.ok(!seen.has(task.id), `${task.id} claimed twice`);
          seen.add(task.id);
        }
      }
      assert.equal(seen.size, 50);
      // A change made through one store is visible through the other (WAL readers see commits).
      const [one] = [...seen];
      assert.equal((await second.taskGet({ tenant: null, id: one! }))?.status, 'running');
    } finally {
      await second.close();
      await first.close();
    }
  });

  test('sqlite-only: migrate refuses a database whose schema is newer than the code', async () => {
    const { store, path, close } = await tempSqliteStore();
    try {
      const { codeVersion } = await store.ping();
      const raw = new DatabaseSync(path);
      raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(codeVersion + 1, Date.now());
      raw.close();
      await assert.rejects(store.migrate(), /newer than this code/);
      const ping = await store.ping();
      assert.equal(ping.ok, false);
      assert.equal(ping.schemaVersion, codeVersion + 1);
    } finally {
      await close();
    }
  });

  test('sqlite-only: a fresh file migrates from 0 and creates its parent directory', async () => {
    const { path, close } = await tempSqliteStore();
    const store = await openSqliteStore({ path: `${path}.d/nested/again.db`, synchronous: 'FULL' });
    try {
      const before = await store.ping();
      assert.deepEqual({ ok: before.ok, schemaVersion: before.schemaVersion }, { ok: false, schemaVersion: 0 });
      assert.ok(before.codeVersion >= 1);
      const { from, to } = await store.migrate();
      assert.equal(from, 0);
      assert.ok(to >= 1);
      assert.equal((await store.ping()).ok, true);
    } finally {
      await store.close();
      await close();
    }
  });
});

describe('sqlite-only: several processes', () => {
  test('sqlite-only: a write waits for another process holding the write lock instead of failing', async () => {
    const { store, path, close } = await tempSqliteStore();
    // The other process must be a real process: node:sqlite blocks this thread while it waits.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DatabaseSync } from 'node:sqlite';
         const db = new DatabaseSync(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         console.log('locked');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
        path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const now = Date.now();
      const started = performance.now();
      const { task } = await store.taskInsert({
        task: {
          id: 'tsk_waits', tenant: 't', type: 'x', status: 'queued', customId: null, priority: 0, inputJson: '{}',
          metadata: null, fingerprint: 'f', runAt: now, timeoutSeconds: 30, maxAttempts: 1, callbackUrl: null,
          createdAt: now, expiresAt: now + HOUR,
        },
      });
      assert.equal(task.id, 'tsk_waits');
      assert.ok(performance.now() - started >= 100, 'the insert waited for the lock');
    } finally {
      holder.kill();
      await close();
    }
  });
});
