import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import type { NewTask, TaskRow } from '../../src/domain/task.ts';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from '../helpers/cluster.ts';
import { type OffloadProcess, spawnOffload } from '../helpers/offload-process.ts';
import { postgresSkip } from '../helpers/postgres.ts';

// A worker killed with SIGKILL in the middle of its claimed and batched window — tasks claimed
// ahead of free slots, handlers done whose outcomes wait in the completion batch, outcomes being
// committed — loses nothing and records nothing twice: once the leases expire, another worker runs
// what was not recorded, every task succeeds exactly once, and no task recorded before the kill runs
// again. Real `offload serve` + `offload worker` processes, on SQLite and on PostgreSQL.

const N = 5000;

for (const [kind, prefetch] of [['sqlite', '0'], ['sqlite', '64'], ['postgres', '0'], ['postgres', '64']] as const) {
  describe(`worker killed mid-window [${kind}, prefetch ${prefetch}]`, { skip: kind === 'postgres' ? await postgresSkip() : false }, () => {
    test(`${N} short tasks, SIGKILL after some hundreds: all succeed once, none recorded before the kill runs again`, { timeout: 120_000 }, async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'offload-window-'));
      const pgDatabase = kind === 'postgres' ? await createTestDatabase() : null;
      const database = pgDatabase ? pgDatabase.url : join(dir, 'offload.db');
      const runLog = join(dir, 'runs.log');
      const env = {
        OFFLOAD_DATABASE: database,
        OFFLOAD_PORT: '0',
        OFFLOAD_TASK_MODULES: new URL('./recorded-task.ts', import.meta.url).pathname,
        OFFLOAD_TEST_RUN_LOG: runLog,
        // The default (claims for free slots), and claiming ahead: the window then also holds
        // tasks that never started.
        OFFLOAD_WORKER_PREFETCH: prefetch,
        OFFLOAD_WORKER_LEASE_SECONDS: '2',
        OFFLOAD_WORKER_POLL_INTERVAL_MS: '100',
        OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '200',
      };
      const processes: OffloadProcess[] = [];
      let store: Store | null = null;
      try {
        // The node with the rescuer (and no runner) migrates the store before the test writes to it.
        const node = spawnOffload(['serve', '--no-worker'], env);
        processes.push(node);
        await node.waitForLog((e) => e.msg === 'offload node started');
        store = pgDatabase ? await openPostgresStore({ url: database, poolSize: 2 }) : await openSqliteStore({ path: database });
        const now = Date.now();
        const tasks = Array.from({ length: N }, (_, n): NewTask => ({
          id: newId('tsk'), tenant: 'crash', type: 'recorded', status: 'queued', customId: null, priority: 0,
          inputJson: JSON.stringify({ n }), metadata: null, fingerprint: 'test', runAt: now, timeoutSeconds: 30,
          maxAttempts: 3, callbackUrl: null, createdAt: now, expiresAt: now + 86_400_000,
        }));
        for (let i = 0; i < N; i += 1000) await store.taskInsertMany({ tasks: tasks.slice(i, i + 1000) });
        const inputOf = new Map(tasks.map((t) => [t.id, JSON.parse(t.inputJson).n as number]));

        const first = spawnOffload(['worker'], env);
        processes.push(first);
        await first.waitForLog((e) => e.msg === 'offload node started');
        const listed = (statuses: TaskRow['status'][]) => store!.taskList({ tenant: null, statuses, limit: N }).then((r) => r.tasks);
        for (let i = 0; i < 1500 && (await listed(['succeeded'])).length < 300; i++) await new Promise((r) => setTimeout(r, 10));
        assert.equal(await first.kill('SIGKILL'), null, 'killed by the signal, no clean exit');

        // What the store holds at the kill: recorded outcomes, and the window that was lost with it.
        const recordedBefore = new Set((await listed(['succeeded'])).map((t) => t.id));
        const leasedAtKill = new Set((await listed(['running'])).map((t) => t.id));
        assert.ok(recordedBefore.size >= 300 && recordedBefore.size < N, `killed mid-drain (${recordedBefore.size} of ${N} recorded)`);
        assert.ok(leasedAtKill.size > 0, 'the kill left claimed tasks without a recorded outcome (a window to lose)');

        const second = spawnOffload(['worker'], env);
        processes.push(second);
        let done: TaskRow[] = [];
        for (let i = 0; i < 600 && done.length < N; i++) {
          await new Promise((r) => setTimeout(r, 100));
          done = await listed(['succeeded']);
        }
        assert.equal(done.length, N, 'every task succeeded: nothing lost');

        const runs = new Map<string, number>();
        for (const line of (await readFile(runLog, 'utf8')).split('\n').filter(Boolean)) {
          const [id] = line.split(' ');
          runs.set(id!, (runs.get(id!) ?? 0) + 1);
        }
        for (const task of done) {
          assert.deepEqual(JSON.parse(task.resultJson ?? 'null'), { n: inputOf.get(task.id) }, `${task.id}: its own result`);
          assert.ok((runs.get(task.id) ?? 0) >= 1, `${task.id} ran`);
          if (recordedBefore.has(task.id)) {
            assert.equal(runs.get(task.id), 1, `${task.id} was recorded before the kill and never ran again`);
            assert.equal(task.attempts, 1, `${task.id}: one attempt`);
          }
        }
        for (const id of leasedAtKill) {
          const task = done.find((t) => t.id === id)!;
          assert.equal(task.attempts, 2, `${id} was leased to the killed worker: its attempt was lost and it ran again`);
        }
        const ranTwice = [...runs.values()].filter((k) => k > 1).length;
        t.diagnostic(`${recordedBefore.size} recorded before the kill, ${leasedAtKill.size} leased at the kill, ${ranTwice} ran twice, ${N} succeeded`);
        // Each success is counted once in the type's statistics: a double record would count twice.
        assert.equal((await store.typeStatsGet({ type: 'recorded' }))?.count, N, 'every outcome recorded exactly once');
      } finally {
        await Promise.all(processes.map((p) => p.kill('SIGKILL')));
        await store?.close();
        await pgDatabase?.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
