import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { createWebhookDispatcher, type DeliveryOutcome } from '../../src/services/webhook-dispatcher.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { tempStore } from '../helpers/backend.ts';
import { newTasks, silent, startReceiver, until, webhookConfig } from './receiver.ts';

// 410 Gone from an endpoint disables it (docs/webhooks.md § Delivery): the attempt fails, the endpoint gets
// disabledAt and a reason, nothing more is sent to it, and the outcome hook says `disabled`.

const db = await tempStore();
const receiver = await startReceiver();
after(async () => {
  await receiver.close();
  await db.close();
});

test('an endpoint answering 410 Gone is disabled and hears nothing more; the outcome is "disabled"', async () => {
  const { store } = db;
  const tenant = 'tenant-gone';
  const now = Date.now();
  const endpoint = {
    id: newId('whe'), tenant, url: `${receiver.url}/hook`, description: null, eventTypes: null, secret: newWebhookSecret(),
    previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
  };
  await store.webhookEndpointCreate({ endpoint });
  receiver.respond = () => ({ status: 410 });
  const outcomes: DeliveryOutcome[] = [];
  const service = createWebhookDispatcher({
    store, config: webhookConfig({ allow: ['127.0.0.0/8'] }), logger: silent, holder: `test-${newId('wrk')}`,
    pollIntervalMs: 20, onOutcome: (o) => outcomes.push(o),
  });
  service.start();
  try {
    await store.taskInsertMany({ tasks: newTasks(tenant, 'gone', 1) });
    const [claimed] = await store.taskClaim({ types: ['gone'], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now: Date.now() });
    await until(async () => (await store.webhookEndpointGet({ tenant, id: endpoint.id }))?.disabledAt != null, 10_000, 'endpoint disabled');
    await until(() => outcomes.length > 0, 10_000, 'an outcome');
    const disabled = await store.webhookEndpointGet({ tenant, id: endpoint.id });
    assert.match(String(disabled?.disabledReason), /410/);
    // The task's next event (succeeded) is not sent to the disabled endpoint.
    await store.taskComplete({ id: claimed!.task.id, leaseToken: claimed!.leaseToken, resultJson: null, now: Date.now(), retentionMs: 3_600_000 });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(outcomes, ['disabled']);
    assert.equal(receiver.requests.length, 1);
  } finally {
    await service.stop();
  }
});
