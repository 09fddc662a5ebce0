import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { newId } from '../../src/domain/ids.ts';
import type { Store } from '../../src/store/store.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { tempStore } from '../helpers/backend.ts';
import { dispatcher, freePort, type Receiver, newTasks, runAll, startReceiver, until, webhookConfig } from './receiver.ts';

const db = await tempStore();
let receiver: Receiver | null = null;
after(async () => {
  await receiver?.close();
  await db.close();
});

test('a receiver that is down, then throttles, then answers gets every event exactly once, across a restart', async () => {
  const config = webhookConfig({ allow: ['127.0.0.0/8'], scheduleSeconds: Array.from({ length: 40 }, () => 0.1), concurrency: 16 });
  const tenant = 'tenant-retry';
  const secret = newWebhookSecret();
  const port = await freePort();
  let store: Store = db.store;
  const now = Date.now();
  await store.webhookEndpointCreate({
    endpoint: {
      id: newId('whe'), tenant, url: `http://127.0.0.1:${port}/hook`, description: null, eventTypes: null, secret,
      previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
    },
  });

  // Phase 1: nothing listens (connection refused) while the first 100 tasks run.
  let service = dispatcher(store, config);
  service.start();
  await store.taskInsertMany({ tasks: newTasks(tenant, 'retry', 100) });
  await runAll(store, 'retry');
  await until(async () => {
    const list = await store.webhookDeliveryList({ tenant, endpointId: (await store.webhookEndpointList({ tenant }))[0]!.id, limit: 1000 });
    return list.length === 200 && list.every((d) => d.attempts >= 1);
  }, 15_000, 'every delivery tried once');

  // Restart mid-run: dispatcher and store closed and reopened on the same data.
  await service.stop();
  await store.close();
  store = await db.openAnother();
  service = dispatcher(store, config);

  // Phase 2: the receiver is up but answers 503 + Retry-After for its first 150 requests.
  receiver = await startReceiver(port);
  const bodies = new Map<string, string>();
  let acked = new Map<string, number>();
  receiver.respond = (r) => {
    const id = r.headers['webhook-id']!;
    const before = bodies.get(id);
    if (before !== undefined) assert.equal(r.body, before, 'a retry sends the same bytes');
    bodies.set(id, r.body);
    new Webhook(secret).verify(r.body, r.headers);
    if (receiver!.requests.length <= 150) return { status: 503, headers: { 'retry-after': '1' } };
    acked.set(id, (acked.get(id) ?? 0) + 1);
    return { status: 200 };
  };
  service.start();
  await store.taskInsertMany({ tasks: newTasks(tenant, 'retry', 100) });
  await runAll(store, 'retry');
  try {
    await until(() => acked.size === 400, 40_000, 'all 400 events acknowledged');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(acked.size, 400);
    assert.deepEqual([...acked.values()].filter((n) => n !== 1), [], 'each webhook-id acknowledged once');
    assert.equal(bodies.size, 400, 'retries reuse the webhook-id');
    const types = [...bodies.values()].map((b) => (JSON.parse(b) as { type: string }).type);
    assert.equal(types.filter((t) => t === 'task.started').length, 200);
    assert.equal(types.filter((t) => t === 'task.succeeded').length, 200);
    assert.ok(receiver.requests.length > 400, 'some requests were retries');
  } finally {
    await service.stop();
    await store.close();
    acked = new Map();
  }
});
