import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { positionIn } from '../../src/domain/queue-position.ts';
import type { NewTask, TaskError, TaskRow } from '../../src/domain/task.ts';
import { type Store, StoreConflictError } from '../../src/store/store.ts';

// The Store contract: every backend runs exactly this suite (River's riverdrivertest, Kysely's
// per-dialect loop). It speaks only the Store interface. Tests share one store, so each uses its own
// random tenant and task types; queue-wide maintenance calls are asserted on this test's ids only.

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const ERR: TaskError = { type: 'about:blank', title: 'Gone', status: 500, code: 'test_error' };

const uid = () => randomUUID().replaceAll('-', '').slice(0, 12);
const tenant = () => `tenant-${uid()}`;
const type = () => `type-${uid()}`;

function newTask(overrides: Partial<NewTask> & { tenant: string; type: string; now: number }): NewTask {
  const { now, ...rest } = overrides;
  return {
    id: `tsk_${uid()}${uid()}`,
    status: 'queued',
    customId: null,
    priority: 0,
    inputJson: '{"n":1}',
    metadata: null,
    fingerprint: 'fp',
    runAt: now,
    timeoutSeconds: 30,
    maxAttempts: 3,
    callbackUrl: null,
    createdAt: now,
    expiresAt: now + HOUR,
    ...rest,
  };
}

/** Records the store's events so a test can assert what was announced and when. */
function recordEvents(store: Store) {
  const changed: string[] = [];
  const available: string[] = [];
  const offs = [store.events.onTaskChanged((id) => changed.push(id)), store.events.onTaskAvailable((t) => available.push(t))];
  return {
    changed,
    available,
    off: () => {
      for (const off of offs) off();
    },
  };
}

export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    const claimOne = async (taskType: string, now: number, leaseMs = 30_000) => {
      const claimed = await store.taskClaim({ types: [taskType], perType: {}, limit: 1, workerId: 'w1', leaseMs, now });
      assert.equal(claimed.length, 1);
      return claimed[0]!;
    };
    /** The API's position: the head of the type's queue read with `cap` entries, counted ahead. */
    const position = async (task: TaskRow, cap = 1000) =>
      positionIn(await store.taskQueueHead({ type: task.type, limit: cap }), task, cap);

    // ── lifecycle ─────────────────────────────────────────────────────────────────────────────
    test('ping and migrate report the current schema', async () => {
      const ping = await store.ping();
      assert.equal(ping.ok, true);
      assert.equal(ping.schemaVersion, ping.codeVersion);
      const again = await store.migrate();
      assert.equal(again.from, again.to);
      assert.equal(again.to, ping.codeVersion);
      assert.equal(typeof store.capabilities.crossProcessEvents, 'boolean');
    });

    // ── submission and reads ──────────────────────────────────────────────────────────────────
    test('taskInsert stores a task and taskGet scopes it to its tenant', async () => {
      const now = Date.now();
      const t = newTask({ tenant: tenant(), type: type(), now, metadata: { a: 'x', n: 2 }, customId: 'c1' });
      const events = recordEvents(store);
      const { task } = await store.taskInsert({ task: t });
      events.off();
      assert.equal(task.id, t.id);
      assert.equal(task.status, 'queued');
      assert.equal(task.version, 1);
      assert.equal(task.attempts, 0);
      assert.equal(task.updatedAt, now);
      assert.deepEqual(task.metadata, { a: 'x', n: 2 });
      assert.deepEqual(events.changed, [t.id]);
      assert.deepEqual(events.available, [t.type]);

      assert.deepEqual(await store.taskGet({ tenant: t.tenant, id: t.id }), task);
      assert.deepEqual(await store.taskGet({ tenant: null, id: t.id }), task);
      assert.equal(await store.taskGet({ tenant: 'someone-else', id: t.id }), null);
      assert.deepEqual(await store.taskGetByCustomId({ tenant: t.tenant, customId: 'c1' }), task);
      assert.equal(await store.taskGetByCustomId({ tenant: 'someone-else', customId: 'c1' }), null);
    });

    test('seq grows in submission order', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const a = await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const b = await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const many = await store.taskInsertMany({ tasks: [newTask({ tenant: ten, type: ty, now }), newTask({ tenant: ten, type: ty, now })] });
      const seqs = [a.task.seq, b.task.seq, ...many.tasks.map((t) => t.seq)];
      assert.deepEqual([...seqs].sort((x, y) => x - y), seqs);
      assert.equal(new Set(seqs).size, 4);
    });

    test('duplicate id and duplicate (tenant, customId) are StoreConflictErrors', async () => {
      const now = Date.now();
      const ten = tenant();
      const t = newTask({ tenant: ten, type: type(), now, customId: 'order-1' });
      await store.taskInsert({ task: t });
      await assert.rejects(
        store.taskInsert({ task: { ...t, customId: null } }),
        (err) => err instanceof StoreConflictError && err.kind === 'task-id',
      );
      await assert.rejects(
        store.taskInsert({ task: newTask({ tenant: ten, type: t.type, now, customId: 'order-1' }) }),
        (err) => err instanceof StoreConflictError && err.kind === 'custom-id',
      );
      // The same custom id in another tenant is fine.
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: t.type, now, customId: 'order-1' }) });
    });

    test('taskInsertMany is all or nothing and names the conflicting item', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const first = newTask({ tenant: ten, type: ty, now, customId: 'dup' });
      const batch = [newTask({ tenant: ten, type: ty, now }), newTask({ tenant: ten, type: ty, now }), { ...newTask({ tenant: ten, type: ty, now }), customId: 'dup' }];
      await store.taskInsert({ task: first });
      const events = recordEvents(store);
      await assert.rejects(
        store.taskInsertMany({ tasks: batch }),
        (err) => err instanceof StoreConflictError && err.kind === 'custom-id' && err.index === 2,
      );
      const dupId = [newTask({ tenant: ten, type: ty, now }), { ...first, customId: null }];
      await assert.rejects(
        store.taskInsertMany({ tasks: dupId }),
        (err) => err instanceof StoreConflictError && err.kind === 'task-id' && err.index === 1,
      );
      events.off();
      assert.deepEqual(events.changed, []);
      for (const t of [...batch, dupId[0]!]) assert.equal(await store.taskGet({ tenant: null, id: t.id }), null);

      const ok = await store.taskInsertMany({ tasks: batch.slice(0, 2) });
      assert.deepEqual(ok.tasks.map((t) => t.id), batch.slice(0, 2).map((t) => t.id));
    });

    test('taskList: newest first, filters, and cursor paging', async () => {
      const now = Date.now();
      const ten = tenant();
      const [ta, tb] = [type(), type()];
      const inserted: TaskRow[] = [];
      for (let i = 0; i < 5; i++) {
        const t = newTask({ tenant: ten, type: i % 2 ? tb : ta, now, createdAt: now + i, metadata: { i, even: i % 2 === 0, tag: `t${i}` } });
        inserted.push((await store.taskInsert({ task: t })).task);
      }
      await store.taskInsert({ task: newTask({ tenant: tenant(), type: ta, now }) });
      const ids = (r: { tasks: TaskRow[] }) => r.tasks.map((t) => t.id);
      const newestFirst = inserted.map((t) => t.id).reverse();

      assert.deepEqual(ids(await store.taskList({ tenant: ten, limit: 10 })), newestFirst);
      const page1 = await store.taskList({ tenant: ten, limit: 2 });
      assert.deepEqual(ids(page1), newestFirst.slice(0, 2));
      assert.ok(page1.nextCursor);
      const page2 = await store.taskList({ tenant: ten, limit: 2, cursor: page1.nextCursor });
      assert.deepEqual(ids(page2), newestFirst.slice(2, 4));
      const page3 = await store.taskList({ tenant: ten, limit: 2, cursor: page2.nextCursor! });
      assert.deepEqual(ids(page3), newestFirst.slice(4));
      assert.equal(page3.nextCursor, null);

      assert.deepEqual(ids(await store.taskList({ tenant: ten, type: tb, limit: 10 })), [inserted[3]!.id, inserted[1]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, metadata: { tag: 't2' }, limit: 10 })), [inserted[2]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, metadata: { i: '4' }, limit: 10 })), [inserted[4]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, metadata: { even: 'false' }, limit: 10 })), [inserted[3]!.id, inserted[1]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, metadata: { even: 'true', tag: 't0' }, limit: 10 })), [inserted[0]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, metadata: { missing: 'x' }, limit: 10 })), []);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, createdAfter: now + 1, createdBefore: now + 4, limit: 10 })), [inserted[3]!.id, inserted[2]!.id]);

      await store.taskCancel({ tenant: ten, id: inserted[0]!.id, error: ERR, now, retentionMs: HOUR });
      assert.deepEqual(ids(await store.taskList({ tenant: ten, statuses: ['canceled'], limit: 10 })), [inserted[0]!.id]);
      assert.deepEqual(ids(await store.taskList({ tenant: ten, statuses: ['canceled', 'queued'], limit: 10 })), newestFirst);
      const custom = newTask({ tenant: ten, type: ta, now, customId: 'listed' });
      await store.taskInsert({ task: custom });
      assert.deepEqual(ids(await store.taskList({ tenant: ten, customId: 'listed', limit: 10 })), [custom.id]);
      const all = await store.taskList({ tenant: null, type: ta, limit: 100 });
      assert.ok(all.tasks.some((t) => t.tenant !== ten));
    });

    test('taskVersions returns the versions of the ids that exist', async () => {
      const now = Date.now();
      const { task } = await store.taskInsert({ task: newTask({ tenant: tenant(), type: type(), now }) });
      const versions = await store.taskVersions({ ids: [task.id, 'tsk_missing'] });
      assert.deepEqual([...versions], [[task.id, 1]]);
      assert.equal((await store.taskVersions({ ids: [] })).size, 0);
    });

    // ── claiming ──────────────────────────────────────────────────────────────────────────────
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

    test('taskQueueHead lists the type\'s queued tasks in claim order; positionIn counts those ahead', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const { tasks } = await store.taskInsertMany({
        tasks: [
          newTask({ tenant: ten, type: ty, now }),
          newTask({ tenant: ten, type: ty, now, priority: 1 }),
          newTask({ tenant: ten, type: ty, now }),
          newTask({ tenant: tenant(), type: ty, now }),
          newTask({ tenant: ten, type: type(), now, priority: 50 }),
        ],
      });
      const [a, b, c, d] = tasks as [TaskRow, TaskRow, TaskRow, TaskRow];
      const head = await store.taskQueueHead({ type: ty, limit: 10 });
      assert.deepEqual(head, [b, a, c, d].map((t) => ({ priority: t.priority, runAt: t.runAt, seq: t.seq })));
      assert.deepEqual(await store.taskQueueHead({ type: ty, limit: 2 }), head.slice(0, 2));
      assert.equal(await position(b), 0);
      assert.equal(await position(a), 1);
      assert.equal(await position(c), 2);
      assert.equal(await position(d), 3);
      const { task } = await claimOne(ty, now);
      assert.equal(task.id, b.id);
      assert.equal(await position(task), 0);
      assert.equal(await position(c), 1);
    });

    // ── runner outcomes and fencing ───────────────────────────────────────────────────────────
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

    test('taskRescueExpired fails the task when no attempts are left, and leaves live leases alone', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({ tasks: [newTask({ tenant: tenant(), type: ty, now, maxAttempts: 1 }), newTask({ tenant: tenant(), type: ty, now })] });
      const last = await claimOne(ty, now, 1000);
      const live = await claimOne(ty, now, HOUR);
      const events = recordEvents(store);
      const { failed, requeued } = await store.taskRescueExpired({ now: now + 2000, error: ERR, retentionMs: HOUR, limit: 1000 });
      events.off();
      const f = failed.find((t) => t.id === last.task.id);
      assert.ok(f);
      assert.equal(f.status, 'failed');
      assert.deepEqual(f.error, ERR);
      assert.equal(f.finishedAt, now + 2000);
      assert.equal(f.expiresAt, now + 2000 + HOUR);
      assert.equal(f.leaseToken, null);
      assert.ok(!requeued.some((t) => t.id === live.task.id) && !failed.some((t) => t.id === live.task.id));
      assert.ok(events.changed.includes(last.task.id));
      assert.ok(!events.available.includes(ty));
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

    // ── cancel, update, destroy ──────────────────────────────────────────────────────────────
    test('taskCancel outcomes by state, and the runner side of a cancel request', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const pending = newTask({ tenant: ten, type: ty, now, status: 'pending', runAt: now + HOUR });
      const queued = newTask({ tenant: ten, type: ty, now });
      await store.taskInsertMany({ tasks: [pending, queued] });
      const cancel = (id: string, t: string | null = ten) => store.taskCancel({ tenant: t, id, error: ERR, now: now + 1, retentionMs: HOUR });

      assert.equal(await cancel(pending.id, 'other'), null);
      const c1 = (await cancel(pending.id))!;
      assert.equal(c1.outcome, 'canceled');
      assert.equal(c1.task.status, 'canceled');
      assert.deepEqual(c1.task.error, ERR);
      assert.equal(c1.task.finishedAt, now + 1);
      assert.equal(c1.task.expiresAt, now + 1 + HOUR);
      assert.equal((await cancel(pending.id))!.outcome, 'already');

      const running = await claimOne(ty, now);
      assert.equal(running.task.id, queued.id);
      assert.deepEqual(await store.taskCancelRequested({ ids: [queued.id, pending.id] }), []);
      const requested = (await cancel(queued.id))!;
      assert.equal(requested.outcome, 'requested');
      assert.equal(requested.task.status, 'running');
      assert.equal(requested.task.cancelRequested, true);
      assert.equal((await cancel(queued.id))!.outcome, 'already');
      assert.deepEqual(await store.taskCancelRequested({ ids: [queued.id, pending.id] }), [queued.id]);
      assert.deepEqual(await store.taskHeartbeat({ id: queued.id, leaseToken: running.leaseToken, leaseMs: 1000, now }), { ok: true, cancelRequested: true });
      assert.equal((await store.taskProgress({ id: queued.id, leaseToken: running.leaseToken, percent: 5, message: null, current: null, total: null, now })).cancelRequested, true);

      const canceled = await store.taskCancelAttempt({ id: queued.id, leaseToken: running.leaseToken, error: ERR, now: now + 2, retentionMs: HOUR });
      assert.ok(canceled);
      assert.equal(canceled.status, 'canceled');
      assert.equal(canceled.finishedAt, now + 2);
      assert.equal(canceled.leaseToken, null);

      const done = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task: done });
      const d = await claimOne(ty, now);
      await store.taskComplete({ id: d.task.id, leaseToken: d.leaseToken, resultJson: null, now, retentionMs: HOUR });
      assert.equal((await cancel(done.id))!.outcome, 'finished');
      assert.equal(await cancel('tsk_nope'), null);
    });

    test('taskUpdate: version check, state check, runAt moves pending ↔ queued', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const { task } = await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now, metadata: { a: 1 }, callbackUrl: 'https://x.test/cb' }) });
      assert.equal(await store.taskUpdate({ tenant: 'other', id: task.id, version: 1, patch: {}, now }), null);
      const stale = await store.taskUpdate({ tenant: ten, id: task.id, version: 99, patch: { priority: 3 }, now });
      assert.equal(stale?.outcome, 'version-mismatch');

      const later = await store.taskUpdate({ tenant: ten, id: task.id, version: 1, patch: { runAt: now + HOUR, priority: 7, metadata: null }, now: now + 1 });
      assert.equal(later?.outcome, 'updated');
      assert.equal(later.task.status, 'pending');
      assert.equal(later.task.runAt, now + HOUR);
      assert.equal(later.task.priority, 7);
      assert.equal(later.task.metadata, null);
      assert.equal(later.task.callbackUrl, 'https://x.test/cb');
      assert.equal(later.task.version, 2);
      assert.equal(later.task.updatedAt, now + 1);

      const events = recordEvents(store);
      const sooner = await store.taskUpdate({ tenant: ten, id: task.id, version: 2, patch: { runAt: now, callbackUrl: null, metadata: { b: 'x' } }, now: now + 2 });
      events.off();
      assert.equal(sooner?.outcome, 'updated');
      assert.equal(sooner.task.status, 'queued');
      assert.equal(sooner.task.callbackUrl, null);
      assert.deepEqual(sooner.task.metadata, { b: 'x' });
      assert.deepEqual(events.available, [ty]);

      await claimOne(ty, now);
      const wrong = await store.taskUpdate({ tenant: ten, id: task.id, version: 4, patch: { priority: 1 }, now });
      assert.equal(wrong?.outcome, 'wrong-state');
      assert.equal(wrong.task.status, 'running');
    });

    test('taskRequestDestroy on a running task, then the destroy is pending once it stops running', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const { task, leaseToken } = await claimOne(ty, now);
      assert.equal(await store.taskRequestDestroy({ tenant: 'other', id: task.id, now }), null);
      const requested = (await store.taskRequestDestroy({ tenant: ten, id: task.id, now }))!;
      assert.equal(requested.destroyRequested, true);
      assert.equal(requested.cancelRequested, true);
      assert.ok(!(await store.taskListDestroyPending({ limit: 100_000 })).some((t) => t.id === task.id));
      await store.taskFail({ id: task.id, leaseToken, error: ERR, retryAt: null, now, retentionMs: HOUR });
      assert.ok((await store.taskListDestroyPending({ limit: 100_000 })).some((t) => t.id === task.id));
    });

    test('taskDestroy removes the row and its idempotency link and leaves a tombstone', async () => {
      const now = Date.now();
      const ten = tenant();
      const { task } = await store.taskInsert({ task: newTask({ tenant: ten, type: type(), now }) });
      const key = { tenant: ten, key: 'k-destroy', fingerprint: 'f', now, lockedUntil: now + 1000, expiresAt: now + HOUR };
      assert.deepEqual(await store.idempotencyBegin(key), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'k-destroy', taskId: task.id, statusCode: 202 });
      await store.idempotencyFinish({ tenant: ten, key: 'k-destroy', taskId: task.id, statusCode: 202 });

      assert.equal(await store.taskDestroy({ tenant: 'other', id: task.id, reason: 'destroyed', now }), null);
      const events = recordEvents(store);
      const gone = await store.taskDestroy({ tenant: ten, id: task.id, reason: 'destroyed', now: now + 5 });
      events.off();
      assert.equal(gone?.id, task.id);
      assert.deepEqual(events.changed, [task.id]);
      assert.equal(await store.taskGet({ tenant: null, id: task.id }), null);
      assert.deepEqual(await store.tombstoneGet({ tenant: ten, id: task.id }), { id: task.id, tenant: ten, reason: 'destroyed', at: now + 5 });
      assert.ok(await store.tombstoneGet({ tenant: null, id: task.id }));
      assert.equal(await store.tombstoneGet({ tenant: 'other', id: task.id }), null);
      assert.deepEqual(await store.idempotencyBegin(key), { state: 'new' });
      assert.equal(await store.taskDestroy({ tenant: ten, id: task.id, reason: 'destroyed', now }), null);
    });

    // ── maintenance ───────────────────────────────────────────────────────────────────────────
    test('taskExpire cancels overdue waiting tasks and purges expired finished ones', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const waiting = newTask({ tenant: ten, type: ty, now, expiresAt: now + 100 });
      const fresh = newTask({ tenant: ten, type: ty, now, expiresAt: now + HOUR, priority: -1 });
      await store.taskInsertMany({ tasks: [waiting, fresh] });
      const { canceled, purged } = await store.taskExpire({ now: now + 200, error: ERR, retentionMs: 1000, limit: 100_000 });
      const c = canceled.find((t) => t.id === waiting.id);
      assert.ok(c);
      assert.equal(c.status, 'canceled');
      assert.deepEqual(c.error, ERR);
      assert.equal(c.expiresAt, now + 1200);
      assert.ok(!canceled.some((t) => t.id === fresh.id));
      assert.ok(!purged.some((t) => t.id === waiting.id));

      const second = await store.taskExpire({ now: now + 1300, error: ERR, retentionMs: 1000, limit: 100_000 });
      assert.ok(second.purged.some((t) => t.id === waiting.id));
      assert.equal(await store.taskGet({ tenant: null, id: waiting.id }), null);
      assert.equal((await store.tombstoneGet({ tenant: ten, id: waiting.id }))?.reason, 'expired');
      assert.equal((await store.taskGet({ tenant: null, id: fresh.id }))?.status, 'queued');
    });

    test('taskQueueDepth counts tasks by type and status', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({
        tasks: [newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now, status: 'pending', runAt: now + HOUR })],
      });
      await claimOne(ty, now);
      const depth = (await store.taskQueueDepth()).filter((r) => r.type === ty);
      const count = (status: string) => depth.find((r) => r.status === status)?.count ?? 0;
      assert.equal(count('queued'), 1);
      assert.equal(count('pending'), 1);
      assert.equal(count('running'), 1);
    });

    // ── reservations ──────────────────────────────────────────────────────────────────────────
    test('reservations: take once, only by the tenant, only before expiry; purge', async () => {
      const now = Date.now();
      const ten = tenant();
      const [a, b, c] = [`tsk_r${uid()}`, `tsk_r${uid()}`, `tsk_r${uid()}`];
      await store.reservationCreate({ tenant: ten, id: a, expiresAt: now + 1000 });
      await store.reservationCreate({ tenant: ten, id: b, expiresAt: now + 1000 });
      await store.reservationCreate({ tenant: ten, id: c, expiresAt: now - 1 });
      assert.equal(await store.reservationTake({ tenant: 'other', id: a, now }), false);
      assert.equal(await store.reservationTake({ tenant: ten, id: a, now }), true);
      assert.equal(await store.reservationTake({ tenant: ten, id: a, now }), false);
      assert.equal(await store.reservationTake({ tenant: ten, id: c, now }), false);
      assert.ok((await store.reservationPurge({ now: now + 2000 })) >= 2);
      assert.equal(await store.reservationTake({ tenant: ten, id: b, now }), false);
    });

    // ── idempotency ───────────────────────────────────────────────────────────────────────────
    test('idempotency: new, in-flight, mismatch, done, crash recovery, expiry, release, purge', async () => {
      const now = Date.now();
      const ten = tenant();
      const begin = (key: string, fingerprint: string, at: number) =>
        store.idempotencyBegin({ tenant: ten, key, fingerprint, now: at, lockedUntil: at + 1000, expiresAt: at + 10_000 });

      assert.deepEqual(await begin('k1', 'f1', now), { state: 'new' });
      assert.deepEqual(await begin('k1', 'f1', now + 1), { state: 'in-flight' });
      assert.deepEqual(await begin('k1', 'f2', now + 1), { state: 'mismatch' });
      assert.deepEqual(await store.idempotencyBegin({ tenant: tenant(), key: 'k1', fingerprint: 'f2', now, lockedUntil: now + 1, expiresAt: now + 2 }), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'k1', taskId: 'tsk_1', statusCode: 202 });
      await store.idempotencyFinish({ tenant: ten, key: 'k1', taskId: 'tsk_1', statusCode: 202 });
      assert.deepEqual(await begin('k1', 'f1', now + 2), { state: 'done', statusCode: 202, taskId: 'tsk_1' });
      assert.deepEqual(await begin('k1', 'f2', now + 2), { state: 'mismatch' });
      // Expired: the key counts as new, whatever was stored.
      assert.deepEqual(await begin('k1', 'f2', now + 10_001), { state: 'new' });

      // A request that died after creating its task: replayable once its lock passed.
      assert.deepEqual(await begin('k2', 'f', now), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'k2', taskId: 'tsk_2', statusCode: 201 });
      assert.deepEqual(await begin('k2', 'f', now + 500), { state: 'in-flight' });
      assert.deepEqual(await begin('k2', 'f', now + 1001), { state: 'done', statusCode: 201, taskId: 'tsk_2' });

      // A request that died before doing anything: the next one takes over.
      assert.deepEqual(await begin('k3', 'f', now), { state: 'new' });
      assert.deepEqual(await begin('k3', 'f', now + 1001), { state: 'new' });
      assert.deepEqual(await begin('k3', 'f', now + 1002), { state: 'in-flight' });

      await store.idempotencyRelease({ tenant: ten, key: 'k3' });
      assert.deepEqual(await begin('k3', 'other', now + 1003), { state: 'new' });

      assert.ok((await store.idempotencyPurge({ now: now + 20_000 })) >= 2);
      assert.deepEqual(await begin('k2', 'f9', now + 20_001), { state: 'new' });
    });

    test('idempotency: a record holds a bulk outcome instead of a task id, replayed and recovered alike', async () => {
      const now = Date.now();
      const ten = tenant();
      const begin = (key: string, at: number) =>
        store.idempotencyBegin({ tenant: ten, key, fingerprint: 'f', now: at, lockedUntil: at + 1000, expiresAt: at + 10_000 });
      const outcome = JSON.stringify([[202, 'tsk_a'], [422, { code: 'x' }]]);

      assert.deepEqual(await begin('b1', now), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'b1', outcome, statusCode: 202 });
      await store.idempotencyFinish({ tenant: ten, key: 'b1', outcome, statusCode: 202 });
      assert.deepEqual(await begin('b1', now + 1), { state: 'done', statusCode: 202, outcome });

      // Attached in the insert's transaction, then the request died: replayable once its lock passed.
      assert.deepEqual(await begin('b2', now), { state: 'new' });
      await store.withTransaction((tx) => tx.idempotencyAttach({ tenant: ten, key: 'b2', outcome, statusCode: 202 }));
      assert.deepEqual(await begin('b2', now + 500), { state: 'in-flight' });
      assert.deepEqual(await begin('b2', now + 1001), { state: 'done', statusCode: 202, outcome });

      // Expired: new, and what the next request records replaces the outcome (never both).
      assert.deepEqual(await begin('b1', now + 10_001), { state: 'new' });
      await store.idempotencyFinish({ tenant: ten, key: 'b1', taskId: 'tsk_b', statusCode: 201 });
      assert.deepEqual(await begin('b1', now + 10_002), { state: 'done', statusCode: 201, taskId: 'tsk_b' });
      assert.deepEqual(await begin('b2', now + 10_001), { state: 'new' });
      assert.deepEqual(await begin('b2', now + 11_002), { state: 'new' }, 'nothing recorded: the next request takes over');
    });

    // ── chore leases ──────────────────────────────────────────────────────────────────────────
    test('chore leases: one holder, renewal, failover after expiry, release', async () => {
      const now = Date.now();
      const chore = `chore-${uid()}`;
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 500 }), false);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 900 }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 1500 }), false);
      // a stopped renewing: b takes over once the renewed lease ran out.
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 1901 }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), false);
      await store.choreLeaseRelease({ name: chore, holder: 'a' });
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), false);
      await store.choreLeaseRelease({ name: chore, holder: 'b' });
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), true);
    });

    // ── API keys ──────────────────────────────────────────────────────────────────────────────
    test('API keys: create, look up by hash, list by tenant, revoke, count', async () => {
      const now = Date.now();
      const ten = tenant();
      const before = await store.apiKeyCount();
      const key = { id: `key_${uid()}`, tenant: ten, name: 'ci', admin: false, createdAt: now, revokedAt: null, lastUsedAt: null };
      const admin = { ...key, id: `key_${uid()}`, name: null, admin: true, createdAt: now + 1 };
      await store.apiKeyCreate({ key, hash: `h-${key.id}` });
      await store.apiKeyCreate({ key: admin, hash: `h-${admin.id}` });
      assert.equal(await store.apiKeyCount(), before + 2);
      assert.deepEqual(await store.apiKeyByHash({ hash: `h-${key.id}` }), key);
      assert.equal(await store.apiKeyByHash({ hash: 'h-unknown' }), null);
      assert.deepEqual(await store.apiKeyList({ tenant: ten }), [key, admin]);
      assert.ok((await store.apiKeyList({ tenant: null })).length >= 2);
      assert.equal(await store.apiKeyRevoke({ id: key.id, now: now + 5 }), true);
      assert.equal(await store.apiKeyRevoke({ id: key.id, now: now + 6 }), false);
      assert.equal(await store.apiKeyRevoke({ id: 'key_unknown', now }), false);
      assert.equal((await store.apiKeyByHash({ hash: `h-${key.id}` }))?.revokedAt, now + 5);
    });

    // ── transactions ──────────────────────────────────────────────────────────────────────────
    test('withTransaction commits, then emits the events of the transaction', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const a = newTask({ tenant: ten, type: ty, now });
      const b = newTask({ tenant: ten, type: ty, now });
      const events = recordEvents(store);
      const result = await store.withTransaction(async (tx) => {
        await tx.taskInsert({ task: a });
        await tx.withTransaction(async (inner) => {
          await inner.taskInsertMany({ tasks: [b] });
        });
        assert.equal((await tx.taskGet({ tenant: ten, id: b.id }))?.id, b.id);
        assert.deepEqual(events.changed, [], 'no event before commit');
        return 'done';
      });
      events.off();
      assert.equal(result, 'done');
      assert.deepEqual(events.changed, [a.id, b.id]);
      assert.deepEqual([...new Set(events.available)], [ty]);
      assert.ok(await store.taskGet({ tenant: ten, id: a.id }));
    });

    test('withTransaction rolls back everything and emits nothing when fn throws', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const a = newTask({ tenant: ten, type: ty, now });
      const events = recordEvents(store);
      await assert.rejects(
        store.withTransaction(async (tx) => {
          await tx.taskInsert({ task: a });
          await tx.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w', leaseMs: 1000, now });
          await tx.idempotencyBegin({ tenant: ten, key: 'rolled-back', fingerprint: 'f', now, lockedUntil: now + 1000, expiresAt: now + HOUR });
          throw new Error('boom');
        }),
        /boom/,
      );
      events.off();
      assert.deepEqual(events.changed, []);
      assert.deepEqual(events.available, []);
      assert.equal(await store.taskGet({ tenant: ten, id: a.id }), null);
      assert.equal((await store.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w', leaseMs: 1000, now })).length, 1);
      assert.deepEqual(
        await store.idempotencyBegin({ tenant: ten, key: 'rolled-back', fingerprint: 'other', now, lockedUntil: now + 1000, expiresAt: now + HOUR }),
        { state: 'new' },
      );
    });

    test('a conflict inside a transaction can be caught without losing the rest of it', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const existing = newTask({ tenant: ten, type: ty, now, customId: 'taken' });
      await store.taskInsert({ task: existing });
      const a = newTask({ tenant: ten, type: ty, now });
      const clash = [newTask({ tenant: ten, type: ty, now }), newTask({ tenant: ten, type: ty, now, customId: 'taken' })];
      await store.withTransaction(async (tx) => {
        await tx.taskInsert({ task: a });
        await assert.rejects(tx.taskInsertMany({ tasks: clash }), (err) => err instanceof StoreConflictError && err.index === 1);
      });
      assert.ok(await store.taskGet({ tenant: ten, id: a.id }));
      assert.equal(await store.taskGet({ tenant: ten, id: clash[0]!.id }), null);
    });

    test('callers outside a transaction wait for it instead of joining it', async () => {
      const now = Date.now();
      const ten = tenant();
      const inside = newTask({ tenant: ten, type: type(), now });
      const outside = newTask({ tenant: ten, type: type(), now });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tx = store.withTransaction(async (view) => {
        await view.taskInsert({ task: inside });
        await gate;
        throw new Error('rolled back');
      });
      const concurrent = store.taskInsert({ task: outside });
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await assert.rejects(tx, /rolled back/);
      await concurrent;
      assert.equal(await store.taskGet({ tenant: ten, id: inside.id }), null);
      assert.ok(await store.taskGet({ tenant: ten, id: outside.id }));
    });

    // ── taskRelease ────────────────────────────────────────────────────────────────────────
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

    test('taskQueueHead with a limit gives the first entries: positions are exact below the cap, the cap beyond', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const { tasks } = await store.taskInsertMany({
        tasks: [
          newTask({ tenant: ten, type: ty, now, priority: 5 }),
          newTask({ tenant: ten, type: ty, now, priority: 5 }),
          newTask({ tenant: ten, type: ty, now: now + 10 }),
          newTask({ tenant: ten, type: ty, now }),
          newTask({ tenant: ten, type: ty, now }),
          newTask({ tenant: ten, type: ty, now: now - 10 }),
          newTask({ tenant: ten, type: type(), now: now - 20, priority: 9 }),
          newTask({ tenant: ten, type: ty, now: now - 30, status: 'pending' }),
        ],
      });
      const [h1, , late, e1, e2, early] = tasks as TaskRow[];
      // Claim order of ty's queued tasks: h1, h2 (priority 5), early, e1, e2 (runAt, then seq), late.
      assert.equal(await position(late!), 5);
      assert.equal(await position(late!, 1000), 5);
      assert.equal(await position(late!, 5), 5);
      assert.equal(await position(late!, 3), 3);
      assert.equal(await position(late!, 1), 1);
      assert.equal(await position(e2!, 4), 4);
      assert.equal(await position(e2!, 3), 3);
      assert.equal(await position(e1!, 10), 3);
      assert.equal(await position(early!, 10), 2);
      assert.equal(await position(early!, 2), 2);
      assert.equal(await position(h1!, 1), 0);
    });
  });
}
