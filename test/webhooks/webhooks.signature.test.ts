import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { newId } from '../../src/domain/ids.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { tempStore } from '../helpers/backend.ts';
import { dispatcher, newTasks, runAll, startReceiver, until, webhookConfig } from './receiver.ts';

const db = await tempStore();
const receiver = await startReceiver();
after(async () => {
  await receiver.close();
  await db.close();
});

test('every delivery verifies with the standardwebhooks package, also during a secret rotation', async () => {
  const { store } = db;
  const config = webhookConfig({ allow: ['127.0.0.0/8'] });
  const tenant = 'tenant-sig';
  const first = newWebhookSecret();
  assert.match(first, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const now = Date.now();
  const endpoint = {
    id: newId('whe'), tenant, url: `${receiver.url}/hook`, description: null, eventTypes: ['task.succeeded'], secret: first,
    previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
  };
  await store.webhookEndpointCreate({ endpoint });
  const service = dispatcher(store, config);
  service.start();
  try {
    await store.taskInsertMany({ tasks: newTasks(tenant, 'sig', 3) });
    await runAll(store, 'sig');
    await until(() => receiver.requests.length === 3, 10_000, '3 deliveries');
    for (const r of receiver.requests) {
      const body = new Webhook(first).verify(r.body, r.headers) as { type: string; data: { task: { status: string } } };
      assert.equal(body.type, 'task.succeeded', 'the filter lets only task.succeeded through');
      assert.equal(body.data.task.status, 'succeeded');
      assert.match(r.headers['webhook-id']!, /^msg_/);
      assert.equal(r.headers['webhook-signature']!.split(' ').length, 1);
    }

    // Rotation: the new secret signs, and the old one still does until the overlap ends.
    const second = newWebhookSecret();
    await store.webhookEndpointUpdate({
      tenant, id: endpoint.id, now: Date.now(),
      patch: { secret: second, previousSecret: first, previousSecretExpiresAt: Date.now() + 60_000 },
    });
    await store.taskInsertMany({ tasks: newTasks(tenant, 'sig', 2) });
    await runAll(store, 'sig');
    await until(() => receiver.requests.length === 5, 10_000, '5 deliveries');
    for (const r of receiver.requests.slice(3)) {
      assert.equal(r.headers['webhook-signature']!.split(' ').length, 2);
      new Webhook(second).verify(r.body, r.headers);
      new Webhook(first).verify(r.body, r.headers);
    }

    // The overlap ended: only the new secret signs.
    await store.webhookEndpointUpdate({ tenant, id: endpoint.id, now: Date.now(), patch: { previousSecretExpiresAt: Date.now() - 1 } });
    await store.taskInsertMany({ tasks: newTasks(tenant, 'sig', 1) });
    await runAll(store, 'sig');
    await until(() => receiver.requests.length === 6, 10_000, '6 deliveries');
    const last = receiver.requests[5]!;
    new Webhook(second).verify(last.body, last.headers);
    assert.throws(() => new Webhook(first).verify(last.body, last.headers));
  } finally {
    await service.stop();
  }
});
