import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DependencyPolicy, TaskRow } from '../../../src/domain/task.ts';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, tenant, type } from './harness.ts';

// The task-graph part of the Store contract (src/store/graph-store.ts and the triggers of
// migrations/008): linking, release of children in the parent's own transaction, transitive
// failure, `always` children, destroy, and the parents a handler reads.

export function graphStoreContract(open: OpenStore): void {
  describe('task graphs', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    /** A task as a submission stores it: queued, or pending with parents linked in the same transaction. */
    const submit = async (ten: string, ty: string, parents: TaskRow[] = [], policy: DependencyPolicy = 'succeeded', extra: Partial<Parameters<typeof newTask>[0]> = {}) => {
      const now = Date.now();
      if (parents.length === 0) return (await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now, ...extra }) })).task;
      return store.withTransaction(async (tx) => {
        const { task } = await tx.taskInsert({ task: newTask({ tenant: ten, type: ty, now, status: 'pending', ...extra }) });
        const linked = await tx.taskGraphLink({
          tenant: ten, childId: task.id, parentIds: parents.map((p) => p.id), policy, maxDepth: 1000, now, retentionMs: HOUR,
        });
        assert.equal(linked.outcome, 'linked', JSON.stringify(linked));
        return (linked as { task: TaskRow }).task;
      });
    };
    const get = async (t: TaskRow) => (await store.taskGet({ tenant: null, id: t.id }))!;
    const claim = async (t: TaskRow) => {
      const claimed = await store.taskClaim({ types: [t.type], perType: {}, limit: 100, workerId: 'w', leaseMs: HOUR, now: Date.now() });
      const mine = claimed.find((c) => c.task.id === t.id);
      assert.ok(mine, `${t.id} claimable`);
      return mine;
    };
    const complete = async (t: TaskRow) => {
      const { leaseToken } = await claim(t);
      return (await store.taskComplete({ id: t.id, leaseToken, resultJson: JSON.stringify({ from: t.id }), now: Date.now(), retentionMs: HOUR }))!;
    };
    const failFinally = async (t: TaskRow) => {
      const { leaseToken } = await claim(t);
      return (await store.taskFail({ id: t.id, leaseToken, error: ERR, retryAt: null, now: Date.now(), retentionMs: HOUR }))!;
    };

    test('a child waits for every parent and is queued in the transaction of the last success, announced', async () => {
      const ten = tenant();
      const [pa, pb] = [await submit(ten, type()), await submit(ten, type())];
      const childType = type();
      const child = await submit(ten, childType, [pa, pb]);
      assert.equal(child.status, 'pending');
      assert.equal(child.graph.waiting, 2);
      assert.deepEqual(child.graph.dependsOn, [pa.id, pb.id]);
      assert.equal(child.graph.depth, 1);
      assert.equal((await get(pa)).graph.hasDependents, true);
      // The scheduler does not promote a waiting child, whatever its runAt.
      await store.taskPromoteDue({ now: Date.now() + HOUR, limit: 1000 });
      assert.equal((await get(child)).status, 'pending');

      await complete(pa);
      assert.equal((await get(child)).graph.waiting, 1);
      assert.equal((await get(child)).status, 'pending');
      const events = recordEvents(store);
      await complete(pb);
      events.off();
      const released = await get(child);
      assert.equal(released.status, 'queued');
      assert.equal(released.graph.waiting, 0);
      assert.ok(events.available.includes(childType), 'the child is announced as available');
      assert.ok(events.changed.includes(child.id));
      await claim(child);
    });

    test('a child released by a parent whose clock read earlier than another parent’s is not runnable before the later finish', async () => {
      const ten = tenant();
      const [late, early] = [await submit(ten, type()), await submit(ten, type())];
      const child = await submit(ten, type(), [late, early]);
      const t = Date.now() + 10_000;
      const finish = async (parent: TaskRow, now: number) => {
        const { leaseToken } = await claim(parent);
        await store.taskComplete({ id: parent.id, leaseToken, resultJson: null, now, retentionMs: HOUR });
      };
      // Two processes: the first to commit read its clock later than the second.
      await finish(late, t + 100);
      await finish(early, t);
      const released = await get(child);
      assert.equal(released.status, 'queued');
      assert.ok(released.runAt >= t + 100, `runAt ${released.runAt - t} ms after the earlier finish`);
      const tooEarly = await store.taskClaim({ types: [child.type], perType: {}, limit: 1, workerId: 'w', leaseMs: HOUR, now: t + 50 });
      assert.deepEqual(tooEarly, [], 'not started before its last parent finished');
      const [started] = await store.taskClaim({ types: [child.type], perType: {}, limit: 1, workerId: 'w', leaseMs: HOUR, now: t + 100 });
      assert.equal(started?.task.id, child.id);
    });

    test('shared parents (a diamond) release the join once both sides succeeded', async () => {
      const ten = tenant();
      const a = await submit(ten, type());
      const b = await submit(ten, type(), [a]);
      const c = await submit(ten, type(), [a]);
      const d = await submit(ten, type(), [b, c]);
      assert.equal(d.graph.depth, 2);
      await complete(a);
      assert.equal((await get(b)).status, 'queued');
      assert.equal((await get(c)).status, 'queued');
      await complete(b);
      assert.equal((await get(d)).status, 'pending');
      await complete(c);
      assert.equal((await get(d)).status, 'queued');
    });

    test('a final failure fails exactly the descendants, transitively; an `always` child runs and its children wait for it', async () => {
      const ten = tenant();
      const root = await submit(ten, type());
      const other = await submit(ten, type());
      const child = await submit(ten, type(), [root]);
      const grandchild = await submit(ten, type(), [child, other]);
      const always = await submit(ten, type(), [child], 'always');
      const afterAlways = await submit(ten, type(), [always]);
      const sibling = await submit(ten, type(), [other]);
      const events = recordEvents(store);
      const failed = await failFinally(root);
      events.off();
      for (const t of [child, grandchild]) {
        const row = await get(t);
        assert.equal(row.status, 'failed', `${t.id} failed`);
        assert.equal(row.error?.code, 'dependency-failed');
        assert.match(row.error?.detail ?? '', new RegExp(root.id));
        assert.equal(row.finishedAt, failed.finishedAt);
        assert.equal(row.expiresAt, failed.expiresAt);
        assert.ok(events.changed.includes(t.id), `${t.id} announced`);
      }
      assert.equal((await get(always)).status, 'queued', 'an always child runs once its parent finished, however');
      assert.equal((await get(afterAlways)).status, 'pending');
      assert.equal((await get(sibling)).status, 'pending', 'a task outside the failed branch is untouched');
      assert.equal((await get(other)).status, 'queued');
      await complete(always);
      assert.equal((await get(afterAlways)).status, 'queued');
    });

    test('a long chain fails in one statement (no trigger recursion limit)', async () => {
      const ten = tenant();
      const chain = [await submit(ten, type())];
      for (let i = 0; i < 150; i++) chain.push(await submit(ten, type(), [chain[chain.length - 1]!]));
      await failFinally(chain[0]!);
      const last = await get(chain[chain.length - 1]!);
      assert.equal(last.status, 'failed');
      assert.equal(last.error?.code, 'dependency-failed');
    });

    test('cancel of a pending parent and destroy of an unfinished one fail the children; `always` children are released', async () => {
      const ten = tenant();
      const canceled = await submit(ten, type());
      const c1 = await submit(ten, type(), [canceled]);
      const now = Date.now();
      const cancel = await store.taskCancel({ tenant: ten, id: canceled.id, error: ERR, now, retentionMs: HOUR });
      assert.equal(cancel?.outcome, 'canceled');
      assert.equal((await get(c1)).status, 'failed');
      assert.equal((await get(c1)).error?.code, 'dependency-failed');

      const destroyed = await submit(ten, type());
      const d1 = await submit(ten, type(), [destroyed]);
      const d2 = await submit(ten, type(), [destroyed], 'always');
      await store.taskDestroy({ tenant: ten, id: destroyed.id, reason: 'destroyed', now: Date.now() });
      assert.equal((await get(d1)).status, 'failed');
      assert.match((await get(d1)).error?.detail ?? '', /destroyed/);
      assert.equal((await get(d2)).status, 'queued');
      const parents = await store.taskParents({ id: d2.id });
      assert.deepEqual(parents, [{ id: destroyed.id, type: null, status: 'gone', resultJson: null }]);
    });

    test('linking: finished parents count at once; a failed one fails the child unless `always`', async () => {
      const ten = tenant();
      const ok = await submit(ten, type());
      await complete(ok);
      const runnable = await submit(ten, type(), [ok]);
      assert.equal(runnable.status, 'queued');
      const bad = await submit(ten, type());
      await failFinally(bad);
      const doomed = await submit(ten, type(), [ok, bad]);
      assert.equal(doomed.status, 'failed');
      assert.equal(doomed.error?.code, 'dependency-failed');
      assert.ok(doomed.finishedAt !== null);
      const anyway = await submit(ten, type(), [bad], 'always');
      assert.equal(anyway.status, 'queued');
      const later = await submit(ten, type(), [ok], 'succeeded', { runAt: Date.now() + HOUR });
      assert.equal(later.status, 'pending', 'runnable, but not before its runAt');
      assert.equal(later.graph.waiting, 0);
    });

    test('linking refuses unknown, foreign and self parents, and too deep a graph', async () => {
      const ten = tenant();
      const ty = type();
      const foreign = await submit(tenant(), type());
      const own = await submit(ten, type());
      const now = Date.now();
      const link = (childId: string, parentIds: string[], maxDepth = 100) =>
        store.withTransaction(async (tx) => {
          const { task } = await tx.taskInsert({ task: newTask({ tenant: ten, type: ty, now, status: 'pending', id: childId }) });
          const result = await tx.taskGraphLink({ tenant: ten, childId: task.id, parentIds, policy: 'succeeded', maxDepth, now, retentionMs: HOUR });
          throw Object.assign(new Error('rolled back'), { result });
        }).catch((err: { result?: unknown }) => err.result);
      assert.deepEqual(await link('tsk_graph_a', [own.id, 'tsk_unknown', foreign.id]), { outcome: 'invalid', ids: ['tsk_unknown', foreign.id] });
      assert.deepEqual(await link('tsk_graph_b', [own.id, 'tsk_graph_b']), { outcome: 'invalid', ids: ['tsk_graph_b'] });
      const deep = await submit(ten, type(), [own]);
      assert.deepEqual(await link('tsk_graph_c', [deep.id], 1), { outcome: 'too-deep', depth: 2 });
      assert.equal(await store.taskGet({ tenant: null, id: 'tsk_graph_a' }), null, 'rolled back');
    });

    test('taskParents: the parents in dependsOn order with their results; none without dependsOn', async () => {
      const ten = tenant();
      const a = await submit(ten, type());
      const b = await submit(ten, type());
      const child = await submit(ten, type(), [b, a], 'always');
      await complete(b);
      await failFinally(a);
      const parents = await store.taskParents({ id: child.id });
      assert.deepEqual(parents, [
        { id: b.id, type: b.type, status: 'succeeded', resultJson: JSON.stringify({ from: b.id }) },
        { id: a.id, type: a.type, status: 'failed', resultJson: null },
      ]);
      assert.deepEqual(await store.taskParents({ id: a.id }), []);
    });

    test('a waiting child keeps waiting when its runAt is patched; its edges go with its row', async () => {
      const ten = tenant();
      const parent = await submit(ten, type());
      const child = await submit(ten, type(), [parent]);
      const updated = await store.taskUpdate({ tenant: ten, id: child.id, version: child.version, patch: { runAt: Date.now() - 1000 }, now: Date.now() });
      assert.equal(updated?.outcome, 'updated');
      assert.equal((updated as { task: TaskRow }).task.status, 'pending');
      await store.taskDestroy({ tenant: ten, id: child.id, reason: 'destroyed', now: Date.now() });
      await complete(parent); // releases nothing: no edge left
      assert.equal(await store.taskGet({ tenant: null, id: child.id }), null);
    });
  });
}
