import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nextDurationStats } from '../../../src/domain/estimates.ts';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, storeHelpers, tenant, type } from './harness.ts';

// The attempt part of the Store contract (src/store/attempt-store.ts): claims, and the runner's
// writes fenced by the lease token.

export function attemptStoreContract(open: OpenStore): void {
  describe('attempts', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });
    const { claimOne } = storeHelpers(() => store);

    // ── claiming ───────────────────────────────────────────────────────────────────────────────
    test('taskClaim: priority, then runAt, then submission order; only due queued tasks', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const low = newTask({ tenant: ten, type: ty, now, priority: 0 });
      const lateHigh = newTask({ tenant: ten, type: ty, now, priority: 5, runAt: now - 10 });
      const earlyHigh = newTask({ tenant: ten, type: ty, now, priority: 5, runAt: now - 20 });
      const high2 = newTask({ tenant: ten, type: ty, now, priority: 5, runAt: now - 10 });
      const future = newTask({ tenant: ten, type: ty, now, status: 'pending', priority: 9, runAt: now + HOUR });
      await store.taskInsertMany({ tasks: [low, lateHigh, earlyHigh, high2, future] });

      const claimed = await store.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w1', leaseMs: 5000, now });
      assert.deepEqual(claimed.map((c) => c.task.id), [earlyHigh.id, lateHigh.id, high2.id, low.id]);
      for (const { task, leaseToken } of claimed) {
        assert.equal(task.status, 'running');
        assert.equal(task.attempts, 1);
        assert.equal(task.startedAt, now);
        assert.equal(task.leaseExpiresAt, now + 5000);
        assert.equal(task.workerId, 'w1');
        assert.equal(task.leaseToken, leaseToken);
        assert.equal(task.version, 2);
      }
      assert.equal(new Set(claimed.map((c) => c.leaseToken)).size, 4);
      assert.deepEqual(await store.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w1', leaseMs: 5000, now }), []);
    });

    test('taskClaim honours the overall limit and per-type limits across types', async () => {
      const now = Date.now();
      const ten = tenant();
      const [ta, tb, tc] = [type(), type(), type()];
      const tasks = [
        ...Array.from({ length: 4 }, (_, i) => newTask({ tenant: ten, type: ta, now, priority: 10 - i })),
        ...Array.from({ length: 4 }, (_, i) => newTask({ tenant: ten, type: tb, now, priority: 20 - i })),
        newTask({ tenant: ten, type: tc, now, priority: 100 }),
      ];
      await store.taskInsertMany({ tasks });
      const claimed = await store.taskClaim({ types: [ta, tb, tc], perType: { [ta]: 3, [tb]: 2, [tc]: 0 }, limit: 4, workerId: 'w', leaseMs: 1000, now });
      // tb's two best (20, 19), then ta's best two (10, 9); tc is excluded by its limit of 0.
      assert.deepEqual(claimed.map((c) => c.task.priority), [20, 19, 10, 9]);
      const byType = await store.taskClaim({ types: [ta, tb], perType: { [ta]: 1 }, limit: 10, workerId: 'w', leaseMs: 1000, now });
      assert.deepEqual(byType.map((c) => [c.task.type, c.task.priority]), [[tb, 18], [tb, 17], [ta, 8]]);
      assert.deepEqual(await store.taskClaim({ types: [ta], perType: {}, limit: 0, workerId: 'w', leaseMs: 1000, now }), []);
    });

    // ── runner outcomes and fencing ────────────────────────────────────────────────────────────
    test('heartbeat, progress and complete; complete folds the duration into type stats', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: ty, now }) });
      const { task, leaseToken } = await claimOne(ty, now, 1000);
      assert.deepEqual(await store.taskHeartbeat({ id: task.id, leaseToken, leaseMs: 5000, now: now + 500 }), { ok: true, cancelRequested: false });
      assert.equal((await store.taskGet({ tenant: null, id: task.id }))!.leaseExpiresAt, now + 5500);

      const events = recordEvents(store);
      const progress = await store.taskProgress({ id: task.id, leaseToken, percent: 40, message: 'half', current: 4, total: 10, now: now + 600 });
      assert.deepEqual(progress, { ok: true, cancelRequested: false });
      const mid = (await store.taskGet({ tenant: null, id: task.id }))!;
      assert.deepEqual(mid.progress, { percent: 40, message: 'half', current: 4, total: 10 });
      assert.ok(mid.version > task.version);

      assert.equal(await store.typeStatsGet({ type: ty }), null);
      const done = await store.taskComplete({ id: task.id, leaseToken, resultJson: '{"ok":true}', now: now + 1000, retentionMs: HOUR });
      events.off();
      assert.ok(done);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.resultJson, '{"ok":true}');
      assert.equal(done.finishedAt, now + 1000);
      assert.equal(done.expiresAt, now + 1000 + HOUR);
      assert.equal(done.leaseToken, null);
      assert.ok(done.version > mid.version);
      assert.deepEqual(events.changed, [task.id, task.id]);
      assert.deepEqual(await store.typeStatsGet({ type: ty }), { count: 1, meanMs: 1000 });
      assert.deepEqual((await store.typeStatsAll()).get(ty), { count: 1, meanMs: 1000 });

      // A second attempt's duration is folded in, not overwritten.
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: ty, now }) });
      const second = await claimOne(ty, now);
      await store.taskComplete({ id: second.task.id, leaseToken: second.leaseToken, resultJson: null, now: now + 2000, retentionMs: HOUR });
      const stats = (await store.typeStatsGet({ type: ty }))!;
      assert.equal(stats.count, 2);
      assert.ok(stats.meanMs > 1000 && stats.meanMs < 2000);

      // Finished: every runner write is refused.
      assert.equal((await store.taskHeartbeat({ id: task.id, leaseToken, leaseMs: 1, now })).ok, false);
      assert.equal(await store.taskComplete({ id: task.id, leaseToken, resultJson: null, now, retentionMs: HOUR }), null);
    });

    test('concurrent completions each get their own answer and all count in the statistics', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({ tasks: Array.from({ length: 5 }, () => newTask({ tenant: tenant(), type: ty, now })) });
      const claimed = await store.taskClaim({ types: [ty], perType: {}, limit: 5, workerId: 'w', leaseMs: 30_000, now });
      assert.equal(claimed.length, 5);
      const results = await Promise.all([
        ...claimed.map(({ task, leaseToken }, i) => store.taskComplete({ id: task.id, leaseToken, resultJson: `{"i":${i}}`, now: now + 100, retentionMs: HOUR })),
        store.taskComplete({ id: claimed[0]!.task.id, leaseToken: 'not-the-token', resultJson: null, now: now + 100, retentionMs: HOUR }),
        store.taskComplete({ id: claimed[1]!.task.id, leaseToken: claimed[1]!.leaseToken, resultJson: null, now: now + 100, retentionMs: HOUR }),
      ]);
      results.slice(0, 5).forEach((row, i) => {
        assert.equal(row?.id, claimed[i]!.task.id);
        assert.equal(row?.status, 'succeeded');
        assert.equal(row?.resultJson, `{"i":${i}}`);
      });
      assert.equal(results[5], null);
      assert.equal(results[6], null, 'the second completion of the same attempt finds the lease gone');
      const stats = (await store.typeStatsGet({ type: ty }))!;
      assert.equal(stats.count, 5);
      assert.ok(Math.abs(stats.meanMs - 100) < 1e-6, `meanMs ${stats.meanMs}`);
    });

    test('fencing: after a rescue and re-claim the stale token can write nothing', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: ty, now }) });
      const stale = await claimOne(ty, now, 1000);
      const rescued = await store.taskRescueExpired({ now: now + 2000, error: ERR, retentionMs: HOUR, limit: 1000 });
      const mine = rescued.requeued.find((t) => t.id === stale.task.id);
      assert.ok(mine);
      assert.equal(mine.status, 'queued');
      assert.equal(mine.runAt, now + 2000);
      assert.equal(mine.leaseToken, null);
      const fresh = await claimOne(ty, now + 2000);
      assert.equal(fresh.task.id, stale.task.id);
      assert.equal(fresh.task.attempts, 2);
      assert.notEqual(fresh.leaseToken, stale.leaseToken);

      const id = stale.task.id;
      const token = stale.leaseToken;
      assert.deepEqual(await store.taskHeartbeat({ id, leaseToken: token, leaseMs: 1000, now }), { ok: false, cancelRequested: false });
      assert.equal((await store.taskProgress({ id, leaseToken: token, percent: 1, message: null, current: null, total: null, now })).ok, false);
      assert.equal(await store.taskComplete({ id, leaseToken: token, resultJson: null, now, retentionMs: HOUR }), null);
      assert.equal(await store.taskFail({ id, leaseToken: token, error: ERR, retryAt: null, now, retentionMs: HOUR }), null);
      assert.equal(await store.taskCancelAttempt({ id, leaseToken: token, error: ERR, now, retentionMs: HOUR }), null);
      const current = (await store.taskGet({ tenant: null, id }))!;
      assert.equal(current.status, 'running');
      assert.equal(current.leaseToken, fresh.leaseToken);
      assert.ok(await store.taskComplete({ id, leaseToken: fresh.leaseToken, resultJson: null, now: now + 2500, retentionMs: HOUR }));
    });

    test('taskFail: retry → pending at retryAt, promoted when due; no retry → failed', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const first = await claimOne(ty, now);
      const retried = await store.taskFail({ id: first.task.id, leaseToken: first.leaseToken, error: ERR, retryAt: now + 5000, now, retentionMs: HOUR });
      assert.ok(retried);
      assert.equal(retried.status, 'pending');
      assert.equal(retried.runAt, now + 5000);
      assert.equal(retried.leaseToken, null);
      assert.equal(retried.finishedAt, null);
      assert.deepEqual(retried.error, ERR);
      assert.deepEqual(await store.taskClaim({ types: [ty], perType: {}, limit: 1, workerId: 'w', leaseMs: 1000, now: now + 6000 }), []);

      const notYet = await store.taskPromoteDue({ now: now + 1000, limit: 100_000 });
      assert.ok(notYet.nextRunAt !== null && notYet.nextRunAt <= now + 5000);
      assert.equal((await store.taskGet({ tenant: ten, id: first.task.id }))!.status, 'pending');

      const events = recordEvents(store);
      const promoted = await store.taskPromoteDue({ now: now + 5000, limit: 100_000 });
      events.off();
      assert.ok(promoted.promoted >= 1);
      assert.ok(events.available.includes(ty));
      assert.ok(events.changed.includes(first.task.id));
      assert.equal((await store.taskGet({ tenant: ten, id: first.task.id }))!.status, 'queued');

      const second = await claimOne(ty, now + 5000);
      assert.equal(second.task.attempts, 2);
      const failed = await store.taskFail({ id: second.task.id, leaseToken: second.leaseToken, error: ERR, retryAt: null, now: now + 6000, retentionMs: HOUR });
      assert.ok(failed);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.finishedAt, now + 6000);
      assert.equal(failed.expiresAt, now + 6000 + HOUR);
    });

    // ── taskCompleteMany ───────────────────────────────────────────────────────────────────────
    test('taskCompleteMany: one answer per item in item order, null where the lease was lost', async () => {
      const now = Date.now();
      const [ta, tb] = [type(), type()];
      await store.taskInsertMany({ tasks: [newTask({ tenant: tenant(), type: ta, now }), newTask({ tenant: tenant(), type: ta, now }), newTask({ tenant: tenant(), type: tb, now })] });
      const [a0, a1] = await store.taskClaim({ types: [ta], perType: {}, limit: 2, workerId: 'w', leaseMs: 30_000, now });
      const b0 = await claimOne(tb, now);
      const item = (c: typeof b0, resultJson: string | null) => ({ id: c.task.id, leaseToken: c.leaseToken, resultJson, now: now + 10, retentionMs: HOUR });
      const rows = await store.taskCompleteMany({
        items: [
          item(b0, '"b0"'),
          { ...item(a0!, null), id: 'tsk_missing' },
          { ...item(a0!, null), leaseToken: 'not-the-token' },
          item(a0!, '"a0"'),
          item(a1!, '"a1"'),
        ],
      });
      assert.equal(rows.length, 5);
      assert.deepEqual(rows.map((r) => r?.id ?? null), [b0.task.id, null, null, a0!.task.id, a1!.task.id]);
      for (const row of [rows[0], rows[3], rows[4]]) {
        assert.ok(row);
        assert.equal(row.status, 'succeeded');
        assert.equal(row.finishedAt, now + 10);
        assert.equal(row.expiresAt, now + 10 + HOUR);
        assert.equal(row.leaseToken, null);
        assert.equal(row.version, 3);
        assert.deepEqual(await store.taskGet({ tenant: null, id: row.id }), row);
      }
      assert.deepEqual(rows.map((r) => r?.resultJson ?? null), ['"b0"', null, null, '"a0"', '"a1"']);
      assert.deepEqual(await store.taskCompleteMany({ items: [] }), []);
      // Finished: completing again finds the lease gone.
      assert.deepEqual(await store.taskCompleteMany({ items: [item(a0!, null), item(b0, null)] }), [null, null]);
    });

    test('taskCompleteMany applies items one after the other: a repeated attempt finds its lease gone', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({ tasks: [newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now })] });
      const [first, second] = await store.taskClaim({ types: [ty], perType: {}, limit: 2, workerId: 'w', leaseMs: 30_000, now });
      const item = (c: typeof first, leaseToken = c!.leaseToken) => ({ id: c!.task.id, leaseToken, resultJson: null, now: now + 5, retentionMs: HOUR });
      const rows = await store.taskCompleteMany({ items: [item(first), item(second, 'stale'), item(first), item(second)] });
      assert.deepEqual(rows.map((r) => r?.id ?? null), [first!.task.id, null, null, second!.task.id]);
      assert.equal((await store.typeStatsGet({ type: ty }))?.count, 2);
    });

    test('taskCompleteMany folds every completed attempt into its type statistics, in item order', async () => {
      const now = Date.now();
      const [ta, tb] = [type(), type()];
      await store.taskInsertMany({ tasks: [...Array.from({ length: 4 }, () => newTask({ tenant: tenant(), type: ta, now })), newTask({ tenant: tenant(), type: tb, now })] });
      const claimedA = await store.taskClaim({ types: [ta], perType: {}, limit: 4, workerId: 'w', leaseMs: 30_000, now });
      const claimedB = await claimOne(tb, now);
      const durations = [100, 300, 50];
      const rows = await store.taskCompleteMany({
        items: [
          ...durations.map((d, i) => ({ id: claimedA[i]!.task.id, leaseToken: claimedA[i]!.leaseToken, resultJson: null, now: now + d, retentionMs: HOUR })),
          { id: claimedA[3]!.task.id, leaseToken: 'lost', resultJson: null, now: now + 5000, retentionMs: HOUR },
          { id: claimedB.task.id, leaseToken: claimedB.leaseToken, resultJson: null, now: now + 40, retentionMs: HOUR },
        ],
      });
      assert.deepEqual(rows.map((r) => r !== null), [true, true, true, false, true]);
      const expected = durations.reduce<ReturnType<typeof nextDurationStats> | null>((stats, d) => nextDurationStats(stats, d), null)!;
      const stats = (await store.typeStatsGet({ type: ta }))!;
      assert.equal(stats.count, 3, 'the lost completion does not count');
      assert.ok(Math.abs(stats.meanMs - expected.meanMs) < 1e-9, `${stats.meanMs} ≈ ${expected.meanMs}`);
      assert.deepEqual(await store.typeStatsGet({ type: tb }), { count: 1, meanMs: 40 });
      // Folded into what was there, not overwritten.
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: tb, now }) });
      const again = await claimOne(tb, now);
      await store.taskCompleteMany({ items: [{ id: again.task.id, leaseToken: again.leaseToken, resultJson: null, now: now + 60, retentionMs: HOUR }] });
      assert.equal((await store.typeStatsGet({ type: tb }))?.count, 2);
    });

    test('taskCompleteMany announces the completed tasks after commit; a rolled-back one announces nothing', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({ tasks: Array.from({ length: 4 }, () => newTask({ tenant: tenant(), type: ty, now })) });
      const claimed = await store.taskClaim({ types: [ty], perType: {}, limit: 4, workerId: 'w', leaseMs: 30_000, now });
      const ids = claimed.map((c) => c.task.id);
      const item = (i: number, leaseToken = claimed[i]!.leaseToken) => ({ id: ids[i]!, leaseToken, resultJson: null, now: now + 1, retentionMs: HOUR });
      const ours = (list: string[]) => list.filter((id) => ids.includes(id));

      const events = recordEvents(store);
      await store.taskCompleteMany({ items: [item(0), item(1, 'lost')] });
      assert.deepEqual(ours(events.changed), [ids[0]]);
      assert.deepEqual(events.available, []);

      events.changed.length = 0;
      await assert.rejects(
        store.withTransaction(async (tx) => {
          assert.equal((await tx.taskCompleteMany({ items: [item(1), item(2)] })).length, 2);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.deepEqual(ours(events.changed), []);
      assert.equal((await store.taskGet({ tenant: null, id: ids[1]! }))?.status, 'running');

      await store.withTransaction(async (tx) => {
        await tx.taskCompleteMany({ items: [item(1), item(2), item(3)] });
        assert.deepEqual(ours(events.changed), [], 'nothing announced before commit');
      });
      events.off();
      assert.deepEqual(ours(events.changed), [ids[1], ids[2], ids[3]]);
      for (const id of ids) assert.equal((await store.taskGet({ tenant: null, id }))?.status, 'succeeded');
    });

    // ── taskRelease ────────────────────────────────────────────────────────────────────────────
    test('taskRelease: running → queued at once, the attempt does not count, announced after commit', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const t = newTask({ tenant: ten, type: ty, now, maxAttempts: 1 });
      await store.taskInsert({ task: t });
      const claimed = await claimOne(ty, now);
      assert.equal(claimed.task.attempts, 1);
      const events = recordEvents(store);
      const released = await store.taskRelease({ id: t.id, leaseToken: claimed.leaseToken, now: now + 10 });
      events.off();
      assert.ok(released);
      assert.equal(released.status, 'queued');
      assert.equal(released.attempts, 0);
      assert.equal(released.runAt, now + 10);
      assert.equal(released.startedAt, null);
      assert.equal(released.leaseToken, null);
      assert.equal(released.leaseExpiresAt, null);
      assert.equal(released.finishedAt, null);
      assert.equal(released.error, null);
      assert.equal(released.version, claimed.task.version + 1);
      assert.equal(released.updatedAt, now + 10);
      assert.deepEqual(await store.taskGet({ tenant: ten, id: t.id }), released);
      assert.ok(events.changed.includes(t.id));
      assert.ok(events.available.includes(ty));
      // Claimable again at once, even on its last attempt.
      const again = await claimOne(ty, now + 10);
      assert.equal(again.task.id, t.id);
      assert.equal(again.task.attempts, 1);
      assert.notEqual(again.leaseToken, claimed.leaseToken);
    });

    test('taskRelease is fenced: a stale or unknown token changes nothing', async () => {
      const now = Date.now();
      const ty = type();
      const t = newTask({ tenant: tenant(), type: ty, now });
      await store.taskInsert({ task: t });
      const stale = await claimOne(ty, now, 1000);
      await store.taskRescueExpired({ now: now + 2000, error: ERR, retentionMs: HOUR, limit: 1000 });
      const fresh = await claimOne(ty, now + 2000);
      const events = recordEvents(store);
      assert.equal(await store.taskRelease({ id: t.id, leaseToken: stale.leaseToken, now: now + 2100 }), null);
      assert.equal(await store.taskRelease({ id: 'tsk_missing', leaseToken: fresh.leaseToken, now: now + 2100 }), null);
      events.off();
      assert.deepEqual(events.changed, []);
      assert.deepEqual(events.available, []);
      const current = (await store.taskGet({ tenant: null, id: t.id }))!;
      assert.equal(current.status, 'running');
      assert.equal(current.attempts, 2);
      assert.equal(current.leaseToken, fresh.leaseToken);
      assert.ok(await store.taskComplete({ id: t.id, leaseToken: fresh.leaseToken, resultJson: null, now: now + 2200, retentionMs: HOUR }));
      assert.equal(await store.taskRelease({ id: t.id, leaseToken: fresh.leaseToken, now: now + 2300 }), null);
    });

    test('taskRelease inside a rolled-back transaction leaves the attempt running and announces nothing', async () => {
      const now = Date.now();
      const ty = type();
      const t = newTask({ tenant: tenant(), type: ty, now });
      await store.taskInsert({ task: t });
      const claimed = await claimOne(ty, now);
      const events = recordEvents(store);
      await assert.rejects(
        store.withTransaction(async (tx) => {
          assert.ok(await tx.taskRelease({ id: t.id, leaseToken: claimed.leaseToken, now }));
          throw new Error('boom');
        }),
        /boom/,
      );
      events.off();
      assert.deepEqual(events.changed, []);
      assert.deepEqual(events.available, []);
      const row = (await store.taskGet({ tenant: null, id: t.id }))!;
      assert.equal(row.status, 'running');
      assert.equal(row.attempts, 1);
      assert.equal(row.leaseToken, claimed.leaseToken);
    });
  });
}
