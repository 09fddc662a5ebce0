import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, tenant, type, uid } from './harness.ts';

// The execution-group part of the Store contract (src/store/group-store.ts): groups, membership,
// failing a group (cancel and stop its unfinished members), compensation tasks (one per member) and
// the `compensated` mark their success sets.

export function groupStoreContract(open: OpenStore): void {
  describe('execution groups', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    const group = async (ten: string, size: number) => {
      const id = `grp_${uid()}${uid()}`;
      const now = Date.now();
      await store.taskGroupCreate({ id, tenant: ten, now });
      const tasks = [];
      for (let i = 0; i < size; i++) tasks.push((await store.taskInsert({ task: newTask({ tenant: ten, type: type(), now }) })).task);
      assert.equal(await store.taskGroupJoin({ tenant: ten, groupId: id, taskIds: tasks.map((t) => t.id) }), true);
      return { id, tasks };
    };
    const claim = async (type: string) => (await store.taskClaim({ types: [type], perType: {}, limit: 1, workerId: 'w', leaseMs: HOUR, now: Date.now() }))[0]!;

    test('create, join (this tenant, while active), get and list members', async () => {
      const ten = tenant();
      const g = await group(ten, 2);
      const row = await store.taskGroupGet({ tenant: ten, id: g.id });
      assert.equal(row?.state, 'active');
      assert.equal(row?.failedTaskId, null);
      assert.equal(await store.taskGroupGet({ tenant: 'other', id: g.id }), null);
      const outsider = (await store.taskInsert({ task: newTask({ tenant: 'other', type: type(), now: Date.now() }) })).task;
      assert.equal(await store.taskGroupJoin({ tenant: 'other', groupId: g.id, taskIds: [outsider.id] }), false);
      const members = await store.taskGroupMembers({ id: g.id });
      assert.deepEqual(members.map((m) => m.task.id), g.tasks.map((t) => t.id));
      assert.ok(members.every((m) => m.task.graph.groupId === g.id && m.compensation === null));
    });

    test('a failed member lists the group; failing it cancels the waiting members and stops the running ones, once', async () => {
      const ten = tenant();
      const g = await group(ten, 4);
      const [failing, running, waiting, done] = g.tasks as [typeof g.tasks[0], typeof g.tasks[0], typeof g.tasks[0], typeof g.tasks[0]];
      const finished = await claim(done.type);
      await store.taskComplete({ id: done.id, leaseToken: finished.leaseToken, resultJson: '1', now: Date.now(), retentionMs: HOUR });
      await claim(running.type);
      const f = await claim(failing.type);
      await store.taskFail({ id: failing.id, leaseToken: f.leaseToken, error: ERR, retryAt: null, now: Date.now(), retentionMs: HOUR });
      const listed = await store.taskGroupsFailed({ limit: 1000 });
      assert.deepEqual(listed.find((l) => l.groupId === g.id), { groupId: g.id, failedTaskId: failing.id });

      const events = recordEvents(store);
      const now = Date.now();
      const result = await store.taskGroupFail({ id: g.id, failedTaskId: failing.id, error: ERR, now, retentionMs: HOUR });
      events.off();
      assert.deepEqual(result?.canceled.map((t) => t.id), [waiting.id]);
      assert.deepEqual(result?.requested.map((t) => t.id), [running.id]);
      assert.equal((await store.taskGet({ tenant: null, id: waiting.id }))?.status, 'canceled');
      assert.equal((await store.taskGet({ tenant: null, id: running.id }))?.cancelRequested, true);
      assert.ok(events.changed.includes(waiting.id) && events.changed.includes(running.id));
      const row = await store.taskGroupGet({ tenant: null, id: g.id });
      assert.equal(row?.state, 'compensating');
      assert.equal(row?.failedTaskId, failing.id);
      assert.equal(await store.taskGroupFail({ id: g.id, failedTaskId: failing.id, error: ERR, now, retentionMs: HOUR }), null);
      assert.ok(!(await store.taskGroupsFailed({ limit: 1000 })).some((l) => l.groupId === g.id));
      assert.ok((await store.taskGroupsCompensating({ limit: 1000 })).some((r) => r.id === g.id));
      assert.equal(await store.taskGroupJoin({ tenant: ten, groupId: g.id, taskIds: [done.id] }), false, 'no joining a failed group');
    });

    test('one compensation task per member; its success marks the member compensated; finish', async () => {
      const ten = tenant();
      const g = await group(ten, 1);
      const member = g.tasks[0]!;
      const claimed = await claim(member.type);
      await store.taskComplete({ id: member.id, leaseToken: claimed.leaseToken, resultJson: '{"made":1}', now: Date.now(), retentionMs: HOUR });
      const now = Date.now();
      const task = newTask({ tenant: ten, type: member.type, now, inputJson: member.inputJson });
      const created = await store.taskCompensationCreate({ task, compensates: member.id });
      assert.equal(created?.status, 'queued');
      assert.equal(created?.graph.compensates, member.id);
      assert.equal(await store.taskCompensationCreate({ task: { ...task, id: `tsk_${uid()}${uid()}` }, compensates: member.id }), null);
      let members = await store.taskGroupMembers({ id: g.id });
      assert.deepEqual(members[0]?.compensation, { id: task.id, status: 'queued' });
      const c = await claim(member.type);
      assert.equal(c.task.id, task.id);
      await store.taskComplete({ id: task.id, leaseToken: c.leaseToken, resultJson: null, now: Date.now(), retentionMs: HOUR });
      members = await store.taskGroupMembers({ id: g.id });
      assert.equal(members[0]?.task.graph.compensated, true);
      assert.deepEqual(members[0]?.compensation, { id: task.id, status: 'succeeded' });
      assert.equal(await store.taskGroupFinish({ id: g.id, state: 'compensated', now }), false, 'not compensating');
      await store.taskGroupFail({ id: g.id, failedTaskId: member.id, error: ERR, now, retentionMs: HOUR });
      assert.equal(await store.taskGroupFinish({ id: g.id, state: 'compensated', now }), true);
      assert.equal((await store.taskGroupGet({ tenant: ten, id: g.id }))?.state, 'compensated');
    });
  });
}
