import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TaskRow } from '../../../src/domain/task.ts';
import { type Store, StoreConflictError } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, storeHelpers, tenant, type } from './harness.ts';

// The task part of the Store contract (src/store/task-store.ts): submission, reads, queue head,
// and the API's changes (cancel, update, destroy).

export function taskStoreContract(open: OpenStore): void {
  describe('tasks', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });
    const { claimOne, position } = storeHelpers(() => store);

    // ── submission and reads ───────────────────────────────────────────────────────────────────
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

    // ── queue head and positions ───────────────────────────────────────────────────────────────
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

    test('taskRunningOf gives the running attempts of a type, oldest first, with their progress and timeout', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({
        tasks: [newTask({ tenant: tenant(), type: ty, now, timeoutSeconds: 60 }), newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now })],
      });
      const first = await claimOne(ty, now);
      const second = await claimOne(ty, now + 5);
      await store.taskProgress({ id: second.task.id, leaseToken: second.leaseToken, percent: 40, message: null, current: null, total: null, now: now + 6 });
      assert.deepEqual(await store.taskRunningOf({ type: ty, limit: 10 }), [
        { startedAt: now, percent: null, timeoutSeconds: 60 },
        { startedAt: now + 5, percent: 40, timeoutSeconds: 30 },
      ]);
      assert.equal((await store.taskRunningOf({ type: ty, limit: 1 })).length, 1);
      assert.deepEqual(await store.taskRunningOf({ type: type(), limit: 10 }), []);
      assert.ok(first.task.id !== second.task.id);
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

    // ── cancel, update, destroy ────────────────────────────────────────────────────────────────
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
  });
}
