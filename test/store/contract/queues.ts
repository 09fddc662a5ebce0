import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVERY_TENANT } from '../../../src/store/queue-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, tenant, type } from './harness.ts';

// The queue part of the Store contract (src/store/queue-store.ts): paused queues and what claims
// make of them, claims for one tenant and under a tenant limit, queue depth, and a manual retry.

export function queueStoreContract(open: OpenStore): void {
  describe('queues', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });
    const claim = (types: string[], now: number, extra: Partial<Parameters<Store['taskClaim']>[0]> = {}) =>
      store.taskClaim({ types, perType: {}, limit: 50, workerId: 'w', leaseMs: 30_000, now, ...extra });

    test('a paused queue is skipped by claims (per tenant, or for every tenant) until resumed', async () => {
      const now = Date.now();
      const [a, b] = [tenant(), tenant()];
      const [ty, other] = [type(), type()];
      const tasks = [newTask({ tenant: a, type: ty, now }), newTask({ tenant: b, type: ty, now }), newTask({ tenant: a, type: other, now })];
      await store.taskInsertMany({ tasks });

      assert.equal(await store.queuePause({ type: ty, tenant: a, now }), true);
      assert.equal(await store.queuePause({ type: ty, tenant: a, now: now + 1 }), false, 'already paused');
      // Single-type and multi-type claims both skip a's ty task.
      assert.deepEqual((await claim([ty], now)).map((c) => c.task.id), [tasks[1]!.id]);
      assert.deepEqual((await claim([ty, other], now)).map((c) => c.task.id), [tasks[2]!.id]);

      const events = recordEvents(store);
      assert.equal(await store.queueResume({ type: ty, tenant: a }), true);
      assert.equal(await store.queueResume({ type: ty, tenant: a }), false);
      assert.deepEqual(events.available, [ty], 'resume announces the type, so idle runners claim at once');
      events.off();

      await store.taskInsertMany({ tasks: [newTask({ tenant: b, type: ty, now })] });
      await store.queuePause({ type: ty, tenant: EVERY_TENANT, now });
      assert.deepEqual(await claim([ty, other], now), [], 'a pause for every tenant holds for both');
      assert.deepEqual(
        (await store.queuePauseList({ tenant: a })).map((p) => [p.type, p.tenant]),
        [[ty, EVERY_TENANT]],
        'a tenant sees the pauses that hold for it',
      );
      await store.queueResume({ type: ty, tenant: EVERY_TENANT });
      assert.equal((await claim([ty], now)).length, 2);
    });

    test('taskClaim with a tenant claims only that tenant’s tasks', async () => {
      const now = Date.now();
      const [a, b] = [tenant(), tenant()];
      const ty = type();
      await store.taskInsertMany({ tasks: [newTask({ tenant: a, type: ty, now, priority: 1 }), newTask({ tenant: b, type: ty, now })] });
      const got = await claim([ty], now, { tenant: b });
      assert.deepEqual(got.map((c) => c.task.tenant), [b]);
      assert.deepEqual((await claim([ty, type()], now, { tenant: b })).length, 0);
    });

    test('taskClaim under a tenant limit counts what runs on every worker and passes over full tenants', async () => {
      const now = Date.now();
      const [a, b, c] = [tenant(), tenant(), tenant()];
      const [ty, ty2] = [type(), type()];
      // a's tasks come first in claim order; a may run 2 at once, b 1, c has no limit (override 0).
      const tasks = [
        ...Array.from({ length: 5 }, () => newTask({ tenant: a, type: ty, now, priority: 10 })),
        ...Array.from({ length: 3 }, () => newTask({ tenant: b, type: ty, now, priority: 5 })),
        ...Array.from({ length: 3 }, () => newTask({ tenant: c, type: ty2, now })),
      ];
      await store.taskInsertMany({ tasks });
      const tenantLimit = { default: 2, overrides: { [b]: 1, [c]: 0 } };
      const first = await claim([ty], now, { tenantLimit, limit: 2 });
      assert.deepEqual(first.map((x) => x.task.tenant), [a, a]);
      // Another worker: a is full, so b's task behind a's is taken; b then is full too.
      const second = await claim([ty, ty2], now, { tenantLimit, workerId: 'other' });
      const byTenant = (list: typeof second) => list.map((x) => x.task.tenant).sort();
      assert.deepEqual(byTenant(second), [b, c, c, c].sort());
      assert.deepEqual(await claim([ty, ty2], now, { tenantLimit }), []);
      // a's attempt finishing frees one of its slots.
      await store.taskComplete({ id: first[0]!.task.id, leaseToken: first[0]!.leaseToken, resultJson: null, now, retentionMs: HOUR });
      assert.deepEqual((await claim([ty], now, { tenantLimit })).map((x) => x.task.tenant), [a]);
    });

    test('queueStats: active tasks per type and status with the oldest runAt', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      await store.taskInsertMany({
        tasks: [
          newTask({ tenant: ten, type: ty, now, runAt: now - 5000 }),
          newTask({ tenant: ten, type: ty, now, runAt: now - 1000 }),
          newTask({ tenant: ten, type: ty, now, status: 'pending', runAt: now + HOUR }),
          newTask({ tenant: tenant(), type: ty, now, runAt: now - 9000 }),
        ],
      });
      const rows = (await store.queueStats({ tenant: ten })).filter((r) => r.type === ty);
      assert.deepEqual(rows, [
        { type: ty, status: 'pending', count: 1, oldestRunAt: now + HOUR },
        { type: ty, status: 'queued', count: 2, oldestRunAt: now - 5000 },
      ]);
      const all = (await store.queueStats({ tenant: null })).filter((r) => r.type === ty && r.status === 'queued');
      assert.deepEqual(all, [{ type: ty, status: 'queued', count: 3, oldestRunAt: now - 9000 }]);
    });

    test('queueThroughput: succeeded and failed tasks per bucket of finishedAt, by tenant and type', async () => {
      const bucket = 60_000;
      const base = Math.floor(Date.now() / bucket) * bucket - 3 * bucket;
      const ten = tenant();
      const ty = type();
      const tasks = [0, 1, 2, 3].map((i) => newTask({ tenant: ten, type: ty, now: base - 10_000 + i }));
      await store.taskInsertMany({ tasks: [...tasks, newTask({ tenant: tenant(), type: ty, now: base - 10_000 })] });
      const claimed = await store.taskClaim({ types: [ty], perType: {}, limit: 5, workerId: 'w', leaseMs: HOUR, now: base - 5000 });
      const mine = claimed.filter((c) => c.task.tenant === ten).sort((x, y) => x.task.seq - y.task.seq);
      const other = claimed.find((c) => c.task.tenant !== ten)!;
      const done = (c: (typeof claimed)[number], at: number) =>
        store.taskComplete({ id: c.task.id, leaseToken: c.leaseToken, resultJson: null, now: at, retentionMs: HOUR });
      const failed = (c: (typeof claimed)[number], at: number) =>
        store.taskFail({ id: c.task.id, leaseToken: c.leaseToken, error: ERR, retryAt: null, now: at, retentionMs: HOUR });
      await done(mine[0]!, base + 1000);
      await done(mine[1]!, base + 2000);
      await failed(mine[2]!, base + 2 * bucket + 5);
      await done(mine[3]!, base - 1); // before the window
      await done(other, base + 1000); // another tenant
      assert.deepEqual(await store.queueThroughput({ tenant: ten, type: ty, since: base, bucketMs: bucket }), [
        { at: base, succeeded: 2, failed: 0 },
        { at: base + 2 * bucket, succeeded: 0, failed: 1 },
      ]);
      const all = await store.queueThroughput({ tenant: null, type: ty, since: base, bucketMs: bucket });
      assert.deepEqual(all[0], { at: base, succeeded: 3, failed: 0 });
      assert.deepEqual(await store.queueThroughput({ tenant: ten, type: type(), since: base, bucketMs: bucket }), []);
    });

    test('taskRetry: failed or canceled → queued with one more attempt; other states unchanged', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const t = newTask({ tenant: ten, type: ty, now, maxAttempts: 1 });
      const queued = newTask({ tenant: ten, type: ty, now: now + 1, status: 'pending', runAt: now + HOUR });
      await store.taskInsertMany({ tasks: [t, queued] });
      const [c] = await claim([ty], now);
      await store.taskFail({ id: t.id, leaseToken: c!.leaseToken, error: ERR, retryAt: null, now, retentionMs: HOUR });
      assert.equal(await store.taskRetry({ tenant: tenant(), id: t.id, now, expiresAt: now + HOUR }), null, 'another tenant');
      assert.equal(await store.taskRetry({ tenant: ten, id: queued.id, now, expiresAt: now + HOUR }), null, 'not finished');

      const events = recordEvents(store);
      const retried = await store.taskRetry({ tenant: ten, id: t.id, now: now + 10, expiresAt: now + 2 * HOUR });
      events.off();
      assert.ok(retried);
      assert.equal(retried.status, 'queued');
      assert.equal(retried.attempts, 1);
      assert.equal(retried.maxAttempts, 2);
      assert.equal(retried.error, null);
      assert.equal(retried.finishedAt, null);
      assert.equal(retried.runAt, now + 10);
      assert.equal(retried.expiresAt, now + 2 * HOUR);
      assert.deepEqual(events.changed, [t.id]);
      assert.deepEqual(events.available, [ty]);
      const [again] = await claim([ty], now + 10);
      assert.equal(again!.task.attempts, 2, 'the new attempt');

      const canceled = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task: canceled });
      await store.taskCancel({ tenant: ten, id: canceled.id, error: ERR, now, retentionMs: HOUR });
      const back = await store.taskRetry({ tenant: null, id: canceled.id, now, expiresAt: now + HOUR });
      assert.equal(back?.status, 'queued');
      assert.equal(back?.maxAttempts, 3, 'a task canceled before it ran keeps its attempts');
    });
  });
}
