import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { createWebhookDispatcher, type DeliveryOutcome } from '../../src/services/webhook-dispatcher.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { tempStore } from '../helpers/backend.ts';
import { newTasks, runAll, silent, startReceiver, until, webhookConfig } from './receiver.ts';

// Retention (webhooks.retentionSeconds): the dispatcher's retention chore prunes task events and
// delivered/failed deliveries with their attempts once they are older than the retention; the
// outcome hook (offload_webhook_deliveries_total in a node) sees every attempt.

const db = await tempStore();
const receiver = await startReceiver();
after(async () => {
  await receiver.close();
  await db.close();
});

test('the dispatcher prunes events and finished deliveries after webhooks.retentionSeconds', async () => {
  const { store } = db;
  const tenant = 'tenant-retention';
  const now = Date.now();
  const endpoint = {
    id: newId('whe'), tenant, url: `${receiver.url}/hook`, description: null, eventTypes: null, secret: newWebhookSecret(),
    previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
  };
  await store.webhookEndpointCreate({ endpoint });
  const outcomes: DeliveryOutcome[] = [];
  // The first request is refused once (a retry), every other one accepted. Counting requests, not
  // outcomes: with deliveries in flight in parallel, several may arrive before the first outcome is in.
  let refused = false;
  receiver.respond = (r) => {
    if (!r.headers['webhook-id'] || refused) return { status: 204 };
    refused = true;
    return { status: 503 };
  };
  const service = createWebhookDispatcher({
    store, config: webhookConfig({ allow: ['127.0.0.0/8'], retentionSeconds: 1 }), logger: silent, holder: `test-${newId('wrk')}`,
    pollIntervalMs: 20, pruneIntervalMs: 100, onOutcome: (o) => outcomes.push(o),
  });
  service.start();
  try {
    const tasks = newTasks(tenant, 'retention', 3);
    await store.taskInsertMany({ tasks });
    await runAll(store, 'retention');
    await until(async () => (await store.webhookDeliveryList({ tenant, endpointId: endpoint.id, limit: 100 })).filter((d) => d.status === 'delivered').length === 6, 10_000, '6 delivered');
    assert.equal(outcomes.filter((o) => o === 'delivered').length, 6);
    assert.equal(outcomes.filter((o) => o === 'retry').length, 1);
    assert.equal((await store.taskEventsList({ tenant, taskId: tasks[0]!.id, afterId: 0, limit: 10 })).length, 2);
    // After the retention (1 s) the next passes remove them.
    await until(async () => (await store.webhookDeliveryList({ tenant, endpointId: endpoint.id, limit: 100 })).length === 0, 10_000, 'deliveries pruned');
    await until(async () => {
      for (const t of tasks) if ((await store.taskEventsList({ tenant, taskId: t.id, afterId: 0, limit: 10 })).length > 0) return false;
      return true;
    }, 10_000, 'events pruned');
  } finally {
    await service.stop();
  }
});
