import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewTask, TaskError } from '../../src/domain/task.ts';
import type { Store } from '../../src/store/store.ts';
import type { NewWebhookDelivery, WebhookEndpointRow } from '../../src/store/webhook-store.ts';

// The webhook part of the Store contract (outbox trigger, endpoints, deliveries), run against every
// backend by test/webhooks/webhook-store.test.ts. Speaks only the Store interface.

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const ERR: TaskError = { type: 'about:blank', title: 'Gone', status: 500, code: 'test_error' };
const uid = () => randomUUID().replaceAll('-', '').slice(0, 12);

/** With a callbackUrl by default: status events are recorded only for tasks a webhook can receive. */
function newTask(tenant: string, type: string, now: number, callbackUrl: string | null = 'https://example.com/callback'): NewTask {
  return {
    id: `tsk_${uid()}${uid()}`, tenant, type, status: 'queued', customId: null, priority: 0, inputJson: '{"n":1}',
    metadata: { user: 'u1' }, fingerprint: 'fp', runAt: now, timeoutSeconds: 30, maxAttempts: 1, callbackUrl,
    createdAt: now, expiresAt: now + HOUR,
  };
}

function endpoint(tenant: string, now: number, overrides: Partial<WebhookEndpointRow> = {}): WebhookEndpointRow {
  return {
    id: `whe_${uid()}${uid()}`, tenant, url: 'https://example.com/hook', description: null, eventTypes: null,
    secret: 'whsec_AAAA', previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now,
    disabledAt: null, disabledReason: null, ...overrides,
  };
}

export function webhookStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`webhook store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    /** Takes every outbox event and marks it fanned out; returns those of `taskId`. */
    const drain = async (taskId?: string) => {
      const events = await store.withTransaction(async (tx) => {
        const list = await tx.taskEventsTake({ limit: 10_000 });
        await tx.webhookDeliveryCreateMany({ deliveries: [], eventIds: list.map((e) => e.id) });
        return list;
      });
      return taskId ? events.filter((e) => e.taskId === taskId) : events;
    };

    test('status changes write events (started, succeeded) with a task snapshot; progress does not', async () => {
      const tenant = `t-${uid()}`;
      const type = `ty-${uid()}`;
      const now = Date.now();
      const { task } = await store.taskInsert({ task: newTask(tenant, type, now) });
      const [claimed] = await store.taskClaim({ types: [type], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now });
      assert.ok(claimed);
      await store.taskProgress({ id: task.id, leaseToken: claimed.leaseToken, percent: 50, message: 'half', current: null, total: null, now });
      await store.taskComplete({ id: task.id, leaseToken: claimed.leaseToken, resultJson: '{"ok":true}', now: now + 5, retentionMs: HOUR });
      const events = await drain(task.id);
      assert.deepEqual(events.map((e) => e.type), ['task.started', 'task.succeeded']);
      assert.ok(events[0]!.id < events[1]!.id);
      assert.equal(events[0]!.task.status, 'running');
      assert.equal(events[1]!.task.status, 'succeeded');
      assert.equal(events[1]!.task.resultJson, '{"ok":true}');
      assert.deepEqual(events[1]!.task.metadata, { user: 'u1' });
      assert.equal(events[1]!.tenant, tenant);
      const listed = await store.taskEventsList({ tenant, taskId: task.id, afterId: 0, limit: 10 });
      assert.deepEqual(listed.map((e) => e.id), events.map((e) => e.id));
      assert.deepEqual((await store.taskEventsList({ tenant, taskId: task.id, afterId: events[0]!.id, limit: 10 })).map((e) => e.type), ['task.succeeded']);
      assert.equal((await store.taskEventsList({ tenant: 'other', taskId: task.id, afterId: 0, limit: 10 })).length, 0);
      assert.equal((await drain(task.id)).length, 0, 'taken events leave the outbox');
    });

    test('no callbackUrl and no enabled endpoint of the tenant: no events; once an endpoint exists, events', async () => {
      const tenant = `t-${uid()}`;
      const type = `ty-${uid()}`;
      const now = Date.now();
      const run = async () => {
        const { task } = await store.taskInsert({ task: newTask(tenant, type, now, null) });
        const [claimed] = await store.taskClaim({ types: [type], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now });
        await store.taskComplete({ id: task.id, leaseToken: claimed!.leaseToken, resultJson: null, now, retentionMs: HOUR });
        return task.id;
      };
      const unheard = await run();
      assert.equal((await drain(unheard)).length, 0);
      assert.equal((await store.taskEventsList({ tenant, taskId: unheard, afterId: 0, limit: 10 })).length, 0);
      const disabled = endpoint(tenant, now);
      await store.webhookEndpointCreate({ endpoint: disabled });
      await store.webhookEndpointUpdate({ tenant, id: disabled.id, patch: { disabledAt: now, disabledReason: 'test' }, now });
      assert.equal((await drain(await run())).length, 0, 'a disabled endpoint hears nothing');
      await store.webhookEndpointCreate({ endpoint: endpoint(tenant, now) });
      assert.deepEqual((await drain(await run())).map((e) => e.type), ['task.started', 'task.succeeded']);
    });

    test('cancel and final failure write task.canceled and task.failed', async () => {
      const tenant = `t-${uid()}`;
      const type = `ty-${uid()}`;
      const now = Date.now();
      const a = (await store.taskInsert({ task: newTask(tenant, type, now) })).task;
      await store.taskCancel({ tenant, id: a.id, error: ERR, now, retentionMs: HOUR });
      const b = (await store.taskInsert({ task: newTask(tenant, type, now) })).task;
      const claimed = await store.taskClaim({ types: [type], perType: {}, limit: 5, workerId: 'w', leaseMs: 30_000, now });
      const mine = claimed.find((c) => c.task.id === b.id)!;
      await store.taskFail({ id: b.id, leaseToken: mine.leaseToken, error: ERR, retryAt: null, now, retentionMs: HOUR });
      const events = await drain();
      assert.deepEqual(events.filter((e) => e.taskId === a.id).map((e) => e.type), ['task.canceled']);
      assert.deepEqual(events.filter((e) => e.taskId === b.id).map((e) => e.type), ['task.started', 'task.failed']);
    });

    test('a state change that rolls back leaves no event', async () => {
      const tenant = `t-${uid()}`;
      const now = Date.now();
      const { task } = await store.taskInsert({ task: newTask(tenant, `ty-${uid()}`, now) });
      await assert.rejects(
        store.withTransaction(async (tx) => {
          await tx.taskCancel({ tenant, id: task.id, error: ERR, now, retentionMs: HOUR });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal((await store.taskGet({ tenant, id: task.id }))?.status, 'queued');
      assert.equal((await store.taskEventsList({ tenant, taskId: task.id, afterId: 0, limit: 10 })).length, 0);
      assert.equal((await drain(task.id)).length, 0);
    });

    test('endpoints: create, get (tenant-scoped), list, update, delete', async () => {
      const tenant = `t-${uid()}`;
      const now = Date.now();
      const e1 = endpoint(tenant, now, { eventTypes: ['task.succeeded'], description: 'one' });
      const e2 = endpoint(tenant, now + 1);
      await store.webhookEndpointCreate({ endpoint: e1 });
      await store.webhookEndpointCreate({ endpoint: e2 });
      assert.deepEqual(await store.webhookEndpointGet({ tenant, id: e1.id }), e1);
      assert.equal(await store.webhookEndpointGet({ tenant: 'other', id: e1.id }), null);
      assert.deepEqual((await store.webhookEndpointList({ tenant })).map((e) => e.id), [e1.id, e2.id]);
      const updated = await store.webhookEndpointUpdate({
        tenant, id: e2.id, now: now + 10,
        patch: { secret: 'whsec_BBBB', previousSecret: e2.secret, previousSecretExpiresAt: now + 1000, disabledAt: now + 10, disabledReason: 'gone' },
      });
      assert.equal(updated?.secret, 'whsec_BBBB');
      assert.equal(updated?.previousSecret, 'whsec_AAAA');
      assert.equal(updated?.updatedAt, now + 10);
      assert.equal(await store.webhookEndpointUpdate({ tenant: 'other', id: e2.id, now, patch: { url: 'https://x' } }), null);
      assert.deepEqual((await store.webhookEndpointList({ tenant, enabledOnly: true })).map((e) => e.id), [e1.id]);
      assert.equal(await store.webhookEndpointDelete({ tenant: 'other', id: e1.id }), false);
      assert.equal(await store.webhookEndpointDelete({ tenant, id: e1.id }), true);
      assert.equal(await store.webhookEndpointGet({ tenant, id: e1.id }), null);
    });

    test('task.progress: only for tenants with an endpoint listing it; throttled per task, last state wins; not in taskEventsList', async () => {
      const tenant = `t-${uid()}`;
      const quiet = `t-${uid()}`;
      const type = `ty-${uid()}`;
      const now = Date.now();
      await store.webhookEndpointCreate({ endpoint: endpoint(tenant, now, { eventTypes: ['task.succeeded', 'task.progress'] }) });
      // Every type but progress: does not opt in.
      await store.webhookEndpointCreate({ endpoint: endpoint(quiet, now, { eventTypes: null }) });
      const a = (await store.taskInsert({ task: newTask(tenant, type, now) })).task;
      const q = (await store.taskInsert({ task: newTask(quiet, type, now) })).task;
      const claimed = await store.taskClaim({ types: [type], perType: {}, limit: 5, workerId: 'w', leaseMs: 30_000, now });
      const lease = (id: string) => claimed.find((c) => c.task.id === id)!.leaseToken;
      const progress = (id: string, percent: number, at: number) =>
        store.taskProgress({ id, leaseToken: lease(id), percent, message: `p${percent}`, current: null, total: null, now: at });
      const take = (at: number) => store.withTransaction((tx) => tx.taskProgressTake({ now: at, intervalMs: 1000, limit: 100 }));
      await progress(a.id, 10, now + 1);
      await progress(q.id, 10, now + 1);
      const first = (await take(now + 2)).filter((e) => e.taskId === a.id || e.taskId === q.id);
      assert.deepEqual(first.map((e) => [e.taskId, e.type, e.task.progress.percent, e.task.status]), [[a.id, 'task.progress', 10, 'running']]);
      assert.equal(first[0]!.tenant, tenant);
      await progress(a.id, 20, now + 3);
      await progress(a.id, 30, now + 4);
      assert.equal((await take(now + 500)).filter((e) => e.taskId === a.id).length, 0, 'throttled');
      const later = (await take(now + 1002)).filter((e) => e.taskId === a.id);
      assert.deepEqual(later.map((e) => [e.task.progress.percent, e.task.progress.message]), [[30, 'p30']], 'the latest state');
      assert.equal((await take(now + 5000)).filter((e) => e.taskId === a.id).length, 0, 'nothing new pending');
      // A progress update that rolls back leaves nothing pending.
      await assert.rejects(store.withTransaction(async (tx) => {
        await tx.taskProgress({ id: a.id, leaseToken: lease(a.id), percent: 40, message: null, current: null, total: null, now: now + 6000 });
        throw new Error('roll back');
      }), /roll back/);
      assert.equal((await take(now + 10_000)).filter((e) => e.taskId === a.id).length, 0, 'rolled back: no event');
      // Pending progress of a task that finished meanwhile is dropped.
      await progress(a.id, 50, now + 11_000);
      await store.taskComplete({ id: a.id, leaseToken: lease(a.id), resultJson: '{}', now: now + 11_001, retentionMs: HOUR });
      assert.equal((await take(now + 20_000)).filter((e) => e.taskId === a.id).length, 0, 'dropped after the task finished');
      // The SSE listing shows status events only.
      assert.deepEqual((await store.taskEventsList({ tenant, taskId: a.id, afterId: 0, limit: 10 })).map((e) => e.type), ['task.started', 'task.succeeded']);
      await drain();
    });

    test('callback secret: get (null before), put creates then replaces, per tenant', async () => {
      const tenant = `t-${uid()}`;
      const now = Date.now();
      assert.equal(await store.webhookCallbackSecretGet({ tenant }), null);
      const row = { tenant, secret: 'whsec_AAAA', previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now };
      await store.webhookCallbackSecretPut({ row });
      assert.deepEqual(await store.webhookCallbackSecretGet({ tenant }), row);
      const next = { ...row, secret: 'whsec_BBBB', previousSecret: 'whsec_AAAA', previousSecretExpiresAt: now + 1000, updatedAt: now + 5 };
      await store.webhookCallbackSecretPut({ row: next });
      assert.deepEqual(await store.webhookCallbackSecretGet({ tenant }), next);
      assert.equal(await store.webhookCallbackSecretGet({ tenant: `t-${uid()}` }), null);
    });

    test('prune: old fanned-out events and old delivered/failed deliveries with their attempts go; pending and recent stay', async () => {
      const tenant = `t-${uid()}`;
      const type = `ty-${uid()}`;
      const old = Date.now() - 10 * 86_400_000;
      const recent = Date.now();
      const ep = endpoint(tenant, old);
      await store.webhookEndpointCreate({ endpoint: ep });
      const oldTask = (await store.taskInsert({ task: newTask(tenant, type, old) })).task;
      const [c] = await store.taskClaim({ types: [type], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now: old });
      await store.taskComplete({ id: oldTask.id, leaseToken: c!.leaseToken, resultJson: '{}', now: old + 1, retentionMs: HOUR });
      const newTaskRow = (await store.taskInsert({ task: newTask(tenant, type, recent) })).task;
      await store.taskCancel({ tenant, id: newTaskRow.id, error: ERR, now: recent, retentionMs: HOUR });
      const events = await drain();
      const oldEvents = events.filter((e) => e.taskId === oldTask.id);
      assert.equal(oldEvents.length, 2);
      const mk = (eventId: number, createdAt: number): NewWebhookDelivery => ({
        id: `whd_${uid()}`, tenant, eventId, taskId: oldTask.id, endpointId: ep.id, url: ep.url, messageId: `msg_${uid()}`,
        eventType: 'task.succeeded', payload: '{}', createdAt,
      });
      const delivered = mk(oldEvents[0]!.id, old);
      const failed = mk(oldEvents[1]!.id, old);
      const pendingOld = mk(-1 - Math.floor(Math.random() * 1e9), old);
      const deliveredRecent = mk(-1 - Math.floor(Math.random() * 1e9), recent);
      await store.webhookDeliveryCreateMany({ deliveries: [delivered, failed, pendingOld, deliveredRecent], eventIds: [] });
      await store.webhookDeliveryRecordAttempt({ id: delivered.id, now: old + 5, statusCode: 200, latencyMs: 1, error: null, delivered: true, nextAttemptAt: null });
      await store.webhookDeliveryRecordAttempt({ id: failed.id, now: old + 5, statusCode: 500, latencyMs: 1, error: 'HTTP 500', delivered: false, nextAttemptAt: null });
      await store.webhookDeliveryRecordAttempt({ id: pendingOld.id, now: old + 5, statusCode: 503, latencyMs: 1, error: 'HTTP 503', delivered: false, nextAttemptAt: recent + HOUR });
      await store.webhookDeliveryRecordAttempt({ id: deliveredRecent.id, now: recent, statusCode: 200, latencyMs: 1, error: null, delivered: true, nextAttemptAt: null });
      // An old event still in the outbox (not yet fanned out) stays.
      const waiting = (await store.taskInsert({ task: newTask(tenant, type, old) })).task;
      await store.taskCancel({ tenant, id: waiting.id, error: ERR, now: old, retentionMs: HOUR });

      let total = { events: 0, deliveries: 0, progress: 0 };
      for (;;) {
        const r = await store.webhookPrune({ before: Date.now() - 86_400_000, limit: 1000 });
        total = { events: total.events + r.events, deliveries: total.deliveries + r.deliveries, progress: total.progress + r.progress };
        if (r.events < 1000 && r.deliveries < 1000 && r.progress < 1000) break;
      }
      assert.ok(total.events >= 2);
      assert.ok(total.deliveries >= 2);
      assert.equal((await store.taskEventsList({ tenant, taskId: oldTask.id, afterId: 0, limit: 10 })).length, 0, 'old events pruned');
      assert.equal((await store.taskEventsList({ tenant, taskId: newTaskRow.id, afterId: 0, limit: 10 })).length, 1, 'recent event kept');
      assert.equal((await store.taskEventsList({ tenant, taskId: waiting.id, afterId: 0, limit: 10 })).length, 1, 'outbox event kept');
      const left = await store.webhookDeliveryList({ tenant, endpointId: ep.id, limit: 10 });
      assert.deepEqual(left.map((d) => d.id).sort(), [pendingOld.id, deliveredRecent.id].sort());
      assert.equal(left.find((d) => d.id === pendingOld.id)!.attemptLog.length, 1);
      await drain();
    });

    test('deliveries: create (duplicates ignored), due with a lease, attempts, list, redeliver', async () => {
      const tenant = `t-${uid()}`;
      const now = Date.now();
      const ep = endpoint(tenant, now);
      await store.webhookEndpointCreate({ endpoint: ep });
      const eventId = 1_000_000 + Math.floor(Math.random() * 1_000_000);
      const d: NewWebhookDelivery = {
        id: `whd_${uid()}`, tenant, eventId, taskId: 'tsk_x', endpointId: ep.id, url: ep.url,
        messageId: `msg_${uid()}`, eventType: 'task.succeeded', payload: '{"a":1}', createdAt: now,
      };
      await store.webhookDeliveryCreateMany({ deliveries: [d], eventIds: [] });
      await store.webhookDeliveryCreateMany({ deliveries: [{ ...d, id: `whd_${uid()}` }], eventIds: [] });
      const due = (await store.webhookDeliveryDue({ now, limit: 1000, leaseMs: 60_000 })).filter((x) => x.tenant === tenant);
      assert.equal(due.length, 1);
      assert.equal(due[0]!.payload, '{"a":1}');
      assert.equal(due[0]!.messageId, d.messageId);
      assert.equal((await store.webhookDeliveryDue({ now, limit: 1000, leaseMs: 60_000 })).filter((x) => x.tenant === tenant).length, 0, 'leased');
      await store.webhookDeliveryRecordAttempt({ id: d.id, now: now + 1, statusCode: 503, latencyMs: 12, error: 'HTTP 503', delivered: false, nextAttemptAt: now + 2 });
      assert.equal((await store.webhookDeliveryDue({ now: now + 2, limit: 1000, leaseMs: 60_000 })).filter((x) => x.tenant === tenant).length, 1);
      await store.webhookDeliveryRecordAttempt({ id: d.id, now: now + 3, statusCode: 200, latencyMs: 7, error: null, delivered: true, nextAttemptAt: null });
      const [listed] = await store.webhookDeliveryList({ tenant, endpointId: ep.id, limit: 10 });
      assert.equal(listed?.status, 'delivered');
      assert.equal(listed?.attempts, 2);
      assert.deepEqual(listed?.attemptLog.map((a) => [a.statusCode, a.latencyMs]), [[503, 12], [200, 7]]);
      assert.equal(await store.webhookDeliveryRedeliver({ tenant: 'other', endpointId: ep.id, id: d.id, now }), null);
      const again = await store.webhookDeliveryRedeliver({ tenant, endpointId: ep.id, id: d.id, now: now + 4 });
      assert.equal(again?.status, 'pending');
      assert.equal((await store.webhookDeliveryDue({ now: now + 4, limit: 1000, leaseMs: 60_000 })).filter((x) => x.tenant === tenant).length, 1);
      await store.webhookDeliveryRecordAttempt({ id: d.id, now: now + 5, statusCode: null, latencyMs: 1, error: 'refused', delivered: false, nextAttemptAt: null });
      const [final] = await store.webhookDeliveryList({ tenant, endpointId: ep.id, limit: 10 });
      assert.equal(final?.status, 'failed');
      assert.equal(final?.lastError, 'refused');
    });
  });
}
