import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewBatch } from '../../../src/store/batch-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, tenant, type, uid } from './harness.ts';

// The batch part of the Store contract (src/store/batch-store.ts): durable batches under a lease,
// fenced response records, task links, completion with its event, summaries, lists and purge.

export function batchStoreContract(open: OpenStore): void {
  describe('batches', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    const newBatch = (ten: string, over: Partial<NewBatch> = {}): NewBatch => {
      const now = Date.now();
      return { id: `bat_${uid()}${uid()}`, tenant: ten, keyId: 'key_1', admin: false, requestsJson: '[]', total: 2, createdAt: now, expiresAt: now + HOUR, ...over };
    };
    const lease = (owner = 'n1', ms = HOUR) => ({ owner, token: randomUUID(), expiresAt: Date.now() + ms });
    const response = (index: number, status = 202) => ({ index, status, headersJson: '{"location":"/x"}', bodyJson: `{"i":${index}}` });

    test('create (running under the creator’s lease), get per tenant, list newest first with a cursor', async () => {
      const ten = tenant();
      const first = await store.batchCreate({ batch: newBatch(ten), lease: lease() });
      const second = await store.batchCreate({ batch: newBatch(ten, { admin: true }), lease: lease() });
      assert.equal(first.status, 'running');
      assert.equal(first.done, 0);
      assert.equal(second.admin, true);
      assert.equal((await store.batchGet({ tenant: ten, id: first.id }))?.id, first.id);
      assert.equal(await store.batchGet({ tenant: 'other', id: first.id }), null);
      const page = await store.batchList({ tenant: ten, limit: 1 });
      assert.deepEqual(page.batches.map((b) => b.id), [second.id]);
      assert.ok(page.nextCursor);
      const rest = await store.batchList({ tenant: ten, limit: 10, cursor: page.nextCursor });
      assert.deepEqual(rest.batches.map((b) => b.id), [first.id]);
      assert.equal(rest.nextCursor, null);
      assert.equal((await store.batchList({ tenant: ten, limit: 10, statuses: ['completed'] })).batches.length, 0);
    });

    test('records are fenced by the lease; an answered index stays as it was; tasks are linked', async () => {
      const ten = tenant();
      const l = lease();
      const b = await store.batchCreate({ batch: newBatch(ten), lease: l });
      assert.equal(await store.batchRecord({ id: b.id, leaseToken: 'not-mine', responses: [response(0)], taskIds: [], now: Date.now() }), false);
      assert.equal(await store.batchRecord({ id: b.id, leaseToken: l.token, responses: [response(0)], taskIds: ['tsk_a'], now: Date.now() }), true);
      assert.equal(await store.batchRecord({ id: b.id, leaseToken: l.token, responses: [response(0, 500), response(1)], taskIds: ['tsk_a', 'tsk_b'], now: Date.now() }), true);
      const responses = await store.batchResponses({ id: b.id });
      assert.deepEqual(responses, [response(0), response(1)]);
      assert.equal((await store.batchGet({ tenant: ten, id: b.id }))?.done, 2);
      assert.deepEqual(await store.batchTaskIds({ id: b.id, limit: 10 }), ['tsk_a', 'tsk_b']);
      assert.equal(await store.batchHeartbeat({ id: b.id, leaseToken: l.token, leaseMs: HOUR, now: Date.now() }), true);
      const dispatched = await store.batchDispatched({ id: b.id, leaseToken: l.token, now: Date.now() });
      assert.equal(dispatched?.status, 'dispatched');
      assert.equal(await store.batchDispatched({ id: b.id, leaseToken: l.token, now: Date.now() }), null);
      assert.equal(await store.batchHeartbeat({ id: b.id, leaseToken: l.token, leaseMs: HOUR, now: Date.now() }), false);
    });

    test('a batch whose lease expired is claimed again under a new lease; the old holder records nothing', async () => {
      const ten = tenant();
      const old = lease('dead', 10);
      const b = await store.batchCreate({ batch: newBatch(ten), lease: old });
      const now = Date.now() + 1000;
      const claimed = await store.batchClaim({ owner: 'n2', leaseMs: HOUR, now, limit: 1000 });
      const mine = claimed.find((c) => c.batch.id === b.id);
      assert.ok(mine);
      assert.equal(mine.batch.leaseOwner, 'n2');
      assert.notEqual(mine.leaseToken, old.token);
      assert.equal(await store.batchRecord({ id: b.id, leaseToken: old.token, responses: [response(0)], taskIds: [], now }), false);
      assert.equal(await store.batchRecord({ id: b.id, leaseToken: mine.leaseToken, responses: [response(0)], taskIds: [], now }), true);
      assert.ok(!(await store.batchClaim({ owner: 'n3', leaseMs: HOUR, now, limit: 1000 })).some((c) => c.batch.id === b.id), 'a live lease is not taken');
    });

    test('completable once every linked task finished; completion writes batch.completed only for a tenant with an endpoint', async () => {
      const ten = tenant();
      const now = Date.now();
      const ty = type();
      const t1 = (await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) })).task;
      const l = lease();
      const b = await store.batchCreate({ batch: newBatch(ten), lease: l });
      await store.batchRecord({ id: b.id, leaseToken: l.token, responses: [response(0), response(1)], taskIds: [t1.id, 'tsk_gone'], now });
      await store.batchDispatched({ id: b.id, leaseToken: l.token, now });
      assert.ok(!(await store.batchListCompletable({ limit: 1000 })).includes(b.id));
      const summary = await store.batchTaskSummary({ id: b.id, now });
      assert.deepEqual(summary, [{ type: ty, status: 'queued', count: 1, reported: 0, reportedPercentSum: 0, started: 0, elapsedMsSum: 0 }]);
      const [claimed] = await store.taskClaim({ types: [ty], perType: {}, limit: 1, workerId: 'w', leaseMs: HOUR, now });
      await store.taskFail({ id: t1.id, leaseToken: claimed!.leaseToken, error: ERR, retryAt: null, now, retentionMs: HOUR });
      assert.ok((await store.batchListCompletable({ limit: 1000 })).includes(b.id));

      await store.webhookEndpointCreate({
        endpoint: {
          id: `whe_${uid()}`, tenant: ten, url: 'https://example.com/hook', description: null, eventTypes: null, secret: 's',
          previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
        },
      });
      const completed = await store.batchComplete({ id: b.id, now, eventDataJson: JSON.stringify({ id: b.id, status: 'completed' }) });
      assert.equal(completed?.status, 'completed');
      assert.equal(await store.batchComplete({ id: b.id, now, eventDataJson: '{}' }), null);
      const events = await store.withTransaction(async (tx) => {
        const taken = await tx.batchEventsTake({ limit: 1000 });
        const tasks = await tx.taskEventsTake({ limit: 1000 });
        await tx.webhookDeliveryCreateMany({ deliveries: [], eventIds: taken.map((e) => e.id) });
        return { taken, tasks };
      });
      const mine = events.taken.filter((e) => e.batchId === b.id);
      assert.equal(mine.length, 1);
      assert.deepEqual(mine[0]?.batch, { id: b.id, status: 'completed' });
      assert.equal(mine[0]?.tenant, ten);
      assert.ok(!events.tasks.some((e) => e.taskId === b.id), 'batch events are not task events');

      // Without an endpoint no event is written.
      const quiet = await store.batchCreate({ batch: newBatch(tenant()), lease: l });
      await store.batchDispatched({ id: quiet.id, leaseToken: l.token, now });
      await store.batchComplete({ id: quiet.id, now, eventDataJson: '{}' });
      const after = await store.withTransaction((tx) => tx.batchEventsTake({ limit: 1000 }));
      assert.ok(!after.some((e) => e.batchId === quiet.id));
    });

    test('purge removes expired batches with their responses and links', async () => {
      const ten = tenant();
      const l = lease();
      const b = await store.batchCreate({ batch: newBatch(ten, { expiresAt: Date.now() - 1 }), lease: l });
      await store.batchRecord({ id: b.id, leaseToken: l.token, responses: [response(0)], taskIds: ['tsk_x'], now: Date.now() });
      assert.ok((await store.batchPurge({ now: Date.now(), limit: 1000 })) >= 1);
      assert.equal(await store.batchGet({ tenant: null, id: b.id }), null);
      assert.deepEqual(await store.batchResponses({ id: b.id }), []);
      assert.deepEqual(await store.batchTaskIds({ id: b.id, limit: 10 }), []);
    });
  });
}
