import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import type { WorkerRow } from '../../../src/store/worker-store.ts';
import { newTask, type OpenedStore, type OpenStore, tenant, type, uid } from './harness.ts';

// The worker part of the Store contract (src/store/worker-store.ts).

export function workerStoreContract(open: OpenStore): void {
  describe('workers', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    test('workers heartbeat (upsert), list the live ones per tenant, are removed and pruned', async () => {
      const now = Date.now();
      const ten = tenant();
      const runner: WorkerRow = {
        id: `wrk_${uid()}`, kind: 'runner', tenant: null, keyId: null, name: 'node-1', node: 'host-a', types: ['a', 'b'],
        concurrency: 16, startedAt: now, lastHeartbeatAt: now,
      };
      const http: WorkerRow = { ...runner, id: `wrk_${uid()}`, kind: 'http', tenant: ten, keyId: 'key_1', name: 'py-1', node: '127.0.0.1', types: ['c'], concurrency: 4 };
      const foreign: WorkerRow = { ...http, id: `wrk_${uid()}`, tenant: tenant(), name: 'py-2' };
      for (const w of [runner, http, foreign]) await store.workerHeartbeat({ worker: w });
      await store.workerHeartbeat({ worker: { ...http, startedAt: now + 5, lastHeartbeatAt: now + 5, concurrency: 8 } });

      const mine = (await store.workerList({ tenant: ten, since: now })).filter((w) => [runner.id, http.id, foreign.id].includes(w.id));
      assert.deepEqual(mine, [{ ...http, lastHeartbeatAt: now + 5, concurrency: 8 }, runner], 'http before runner (kind order); startedAt kept');
      assert.equal((await store.workerList({ tenant: null, since: now })).filter((w) => w.id === foreign.id).length, 1);
      assert.deepEqual((await store.workerList({ tenant: ten, since: now + 1 })).filter((w) => w.id === runner.id), [], 'not live');

      await store.workerTouch({ id: runner.id, now: now + 9 });
      await store.workerTouch({ id: 'wrk_unknown', now: now + 9 });
      assert.deepEqual((await store.workerList({ tenant: ten, since: now + 9 })).map((w) => w.id), [runner.id], 'touched: live again');

      await store.workerRemove({ id: http.id });
      assert.equal((await store.workerList({ tenant: ten, since: 0 })).some((w) => w.id === http.id), false);
      assert.ok((await store.workerPrune({ before: now + 10 })) >= 2);
      assert.equal((await store.workerList({ tenant: null, since: 0 })).some((w) => w.id === runner.id), false);
    });

    test('taskListPastDeadline: running attempts of the given types past started + timeout', async () => {
      const now = Date.now();
      const ten = tenant();
      const [ty, other] = [type(), type()];
      const late = newTask({ tenant: ten, type: ty, now, timeoutSeconds: 2 });
      const fine = newTask({ tenant: ten, type: ty, now, timeoutSeconds: 60 });
      const otherType = newTask({ tenant: ten, type: other, now, timeoutSeconds: 2 });
      await store.taskInsertMany({ tasks: [late, fine, otherType] });
      await store.taskClaim({ types: [ty, other], perType: {}, limit: 10, workerId: 'w', leaseMs: 60_000, now });
      assert.deepEqual((await store.taskListPastDeadline({ types: [ty], now: now + 1000, limit: 10 })).map((t) => t.id), []);
      assert.deepEqual((await store.taskListPastDeadline({ types: [ty], now: now + 2001, limit: 10 })).map((t) => t.id), [late.id]);
      assert.deepEqual(await store.taskListPastDeadline({ types: [], now: now + 99_000, limit: 10 }), []);
    });
  });
}
