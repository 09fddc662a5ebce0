import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { OffloadClient, OPERATIONS, type OperationId, type TaskEvent } from '../../src/client/offload-client.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// The client covers the API: its operation table is the served OpenAPI document's list of
// operations (same ids, methods and paths), and every `/v1` operation is called through a named
// method against a real server here. A new route fails the first test until it has its row.

let server: OffloadServer;
let receiver: Server;
let receiverUrl: string;
const called = new Set<OperationId>();
let client: OffloadClient;

/** Which operation a request was, by method and path (the table's templates). */
function operationOf(method: string, path: string): OperationId | undefined {
  return (Object.keys(OPERATIONS) as OperationId[]).find((id) => {
    const spec = OPERATIONS[id];
    const pattern = new RegExp(`^${spec.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    return spec.method === method && pattern.test(path);
  });
}

describe('client operations', () => {
  before(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startOffloadServer({ OFFLOAD_WEBHOOKS_ALLOW: '127.0.0.1', OFFLOAD_WEBHOOKS_ALLOW_HTTP: 'true' });
    client = new OffloadClient({
      baseUrl: server.url,
      apiKey: server.apiKey,
      fetch: (input, init) => {
        const op = operationOf(String(init?.method ?? 'GET'), new URL(String(input)).pathname);
        if (op) called.add(op);
        return fetch(input, init);
      },
    });
  });
  after(async () => {
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  test('the operation table is the served document’s operations', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const documented: Record<string, { method: string; path: string }> = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        assert.ok(op.operationId, `${method} ${path} has an operationId`);
        documented[op.operationId] = { method: method.toUpperCase(), path };
      }
    }
    const table = Object.fromEntries(Object.entries(OPERATIONS).map(([id, spec]) => [id, { method: spec.method, path: spec.path }]));
    assert.deepEqual(table, documented);
  });

  test('every /v1 operation is called through a named method', async () => {
    // Tasks.
    const submitted = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 } });
    await client.waitUntilDone(submitted.task.id);
    assert.deepEqual(await client.result(submitted.task.id), { steps: 1 });
    const events: TaskEvent[] = [];
    for await (const event of client.events(submitted.task.id)) events.push(event);
    assert.equal(events.at(-1)?.event, 'completed');
    assert.equal(events.at(-1)?.task.status, 'succeeded');

    const reserved = await client.reserveId();
    const put = await client.submitWithId(reserved.id, { type: 'steps', input: { steps: 1, intervalMs: 0 } });
    assert.equal(put.task.id, reserved.id);

    const bulk = await client.submitBulk([{ type: 'steps', input: { steps: 1, intervalMs: 0 } }]);
    assert.equal(bulk.items[0]?.status, 202);

    const later = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, delaySeconds: 3600 });
    const polled = await client.poll(later.task.id);
    assert.equal(polled.status, 200);
    const updated = await client.update(later.task.id, { priority: 7 }, { etag: String(polled.etag) });
    assert.equal(updated.task.priority, 7);
    assert.equal((await client.get(later.task.id)).priority, 7);
    assert.equal((await client.cancel(later.task.id)).status, 'canceled');
    assert.deepEqual(await client.destroy(later.task.id), { stopping: false });

    const page = await client.list({ limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok((await client.taskTypes()).some((t) => t.type === 'steps'));

    // Webhooks (the endpoint is a receiver on loopback, allowed by the server's configuration).
    const endpoint = await client.createWebhookEndpoint({ url: receiverUrl, eventTypes: ['task.succeeded'] });
    assert.ok(endpoint.secret?.startsWith('whsec_'));
    assert.deepEqual((await client.listWebhookEndpoints()).map((e) => e.id), [endpoint.id]);
    assert.equal((await client.getWebhookEndpoint(endpoint.id)).url, receiverUrl);
    assert.equal((await client.updateWebhookEndpoint(endpoint.id, { description: 'client test' })).description, 'client test');
    assert.ok((await client.rotateWebhookEndpointSecret(endpoint.id, { overlapSeconds: 60 })).secret);
    const hooked = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 } });
    await client.waitUntilDone(hooked.task.id);
    let deliveries = await client.listWebhookDeliveries(endpoint.id);
    for (let i = 0; i < 100 && deliveries.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = await client.listWebhookDeliveries(endpoint.id);
    }
    const delivery = deliveries[0];
    assert.ok(delivery, 'the succeeded event was delivered');
    assert.equal((await client.redeliverWebhook(endpoint.id, delivery.id)).id, delivery.id);
    await client.deleteWebhookEndpoint(endpoint.id);
    assert.deepEqual(await client.listWebhookEndpoints(), []);

    const created = await client.rotateWebhookCallbackSecret();
    assert.equal(created.created, true);
    assert.ok(created.secret);
    assert.equal((await client.getWebhookCallbackSecret()).secret, undefined, 'the secret is shown once');

    const v1 = (Object.keys(OPERATIONS) as OperationId[]).filter((id) => OPERATIONS[id].path.startsWith('/v1/'));
    assert.ok(v1.length >= 22);
    assert.deepEqual(v1.filter((id) => !called.has(id)), [], 'operations not called');
  });

  test('call() reaches any operation by its id', async () => {
    const health = await client.call<{ status: string }>('getHealth');
    assert.deepEqual(health.data, { status: 'ok' });
    const problem = await client.call('getProblemType', { path: { code: 'task-gone' } });
    assert.match(String(problem.data), /task-gone/);
  });
});
