import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { newId, newSecret } from '../../src/domain/ids.ts';
import { defineTask } from '../../src/engine/define-task.ts';
import { createRunner, type Runner } from '../../src/engine/runner.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { createBatchFinisher } from '../../src/services/batch-finisher.ts';
import type { Service } from '../../src/services/service.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { dispatcher, type Receiver, silent, startReceiver, until } from '../webhooks/receiver.ts';

// Asynchronous batches (seed 004 §5): Prefer: respond-async stores the batch and answers 202 with
// its status monitor; the accepting node dispatches it in the background. The monitor shows the
// dispatch move from 0 to every sub-request answered, then the work its sub-requests started reach
// 100 %, and `batch.completed` is sent when every one of its tasks finished.

const STEP = defineTask<{ ms: number }, { slept: number }>({
  type: 'step',
  input: { type: 'object', required: ['ms'], properties: { ms: { type: 'number' } } },
  async run({ ms }, ctx) {
    ctx.progress(10);
    await new Promise((r) => setTimeout(r, ms));
    return { slept: ms };
  },
});

describe(onBackend('asynchronous batches'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let app: FastifyInstance;
  let runner: Runner;
  let finisher: Service;
  let webhooks: Service;
  let receiver: Receiver;
  let auth: { authorization: string };
  let otherAuth: { authorization: string };
  const config: Config = structuredClone(DEFAULTS);
  config.worker.pollIntervalMs = 50;
  config.limits.batchConcurrency = 2;
  config.batches.pollIntervalMs = 100;
  config.webhooks.allow = ['127.0.0.0/8'];
  config.webhooks.scheduleSeconds = [0.05];

  before(async () => {
    db = await tempStore();
    const registry = createTaskRegistry({ definitions: [STEP], config });
    app = await buildApp({ store: db.store, taskTypes: taskTypesOf(registry), config });
    await app.ready();
    runner = createRunner({ store: db.store, registry, config, logger: silent, workerId: 'w-async' });
    runner.start();
    finisher = createBatchFinisher({ store: db.store, config, logger: silent, holder: 'test' });
    finisher.start();
    receiver = await startReceiver();
    webhooks = dispatcher(db.store, config);
    webhooks.start();
    const key = async (tenant: string) => {
      const secret = newSecret('ofk');
      await db.store.apiKeyCreate({
        key: { id: newId('key'), tenant, name: null, admin: false, createdAt: Date.now(), revokedAt: null, lastUsedAt: null },
        hash: apiKeyHash(secret),
      });
      return { authorization: `Bearer ${secret}` };
    };
    auth = await key('async');
    otherAuth = await key('other');
    const endpoint = await app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: auth, payload: { url: `${receiver.url}/hooks`, eventTypes: ['batch.completed'] } });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
  });
  after(async () => {
    await runner.stop();
    await finisher.stop();
    await webhooks.stop();
    await receiver.close();
    await app.close();
    await db.close();
  });

  test('202 + Location; the dispatch moves from 0 to total, the tasks reach 100 %, then completed and batch.completed', async () => {
    const total = 8;
    const requests = Array.from({ length: total }, (_, i) => ({
      id: `step-${i}`,
      method: 'POST',
      url: '/v1/tasks',
      // Each answer waits for its task (300 ms): two at a time, the dispatch takes about a second.
      headers: { prefer: 'wait=10' },
      body: { type: 'step', input: { ms: 300 } },
    }));
    // The bulk request answers at once and its two tasks run a second after that: the window in which
    // the monitor shows linked work between 0 and 100 % (50 ms tasks could finish between two polls).
    requests.push({ id: 'bulk', method: 'POST', url: '/v1/tasks/bulk', headers: { prefer: 'respond-async' }, body: { tasks: [{ type: 'step', input: { ms: 1000 } }, { type: 'step', input: { ms: 1000 } }] } as never });
    const accepted = await app.inject({ method: 'POST', url: '/v1/batch', headers: { ...auth, prefer: 'respond-async' }, payload: { requests } });
    assert.equal(accepted.statusCode, 202, accepted.body);
    const location = accepted.headers.location as string;
    assert.match(location, /^\/v1\/batches\/bat_[0-9a-z]{36}$/);
    assert.equal(accepted.headers['preference-applied'], 'respond-async');
    assert.ok(Number(accepted.headers['retry-after']) >= 1);
    const first = accepted.json();
    assert.equal(first.status, 'running');
    assert.deepEqual(first.progress, { done: 0, total: total + 1 });

    const seen: number[] = [0];
    const percents: number[] = [];
    let doc = first;
    await until(
      async () => {
        const res = await app.inject({ method: 'GET', url: location, headers: auth });
        assert.equal(res.statusCode, 200);
        doc = res.json();
        if (doc.progress.done !== seen[seen.length - 1]) seen.push(doc.progress.done);
        percents.push(doc.tasks.percent);
        return doc.status === 'completed';
      },
      30_000,
      'the batch to complete',
    );
    assert.ok(seen.length >= 3, `the dispatch was seen moving: ${seen.join(' → ')}`);
    assert.deepEqual([...seen].sort((x, y) => x - y), seen, 'never backwards');
    assert.equal(seen[seen.length - 1], total + 1);
    assert.equal(doc.tasks.total, total + 2, 'the bulk request’s tasks are linked too');
    assert.equal(doc.tasks.percent, 100);
    assert.equal(doc.tasks.byStatus.succeeded, total + 2);
    assert.ok(percents.some((p) => p > 0 && p < 100), `the work progress was seen between 0 and 100: ${[...new Set(percents)].join(', ')}`);
    assert.equal(doc.responses.length, total + 1);
    assert.deepEqual(doc.responses.map((r: { id: string }) => r.id), requests.map((r) => r.id));
    assert.ok(doc.responses.slice(0, total).every((r: { status: number }) => r.status === 201), 'each sub-request waited for its task');
    assert.equal(doc.links.tasks.length, total + 2);
    assert.equal(doc.links.self, location);
    assert.ok(doc.completedAt && doc.dispatchedAt);

    // ETag / 304; a finished batch's long-poll answers at once; no Retry-After once completed.
    const current = await app.inject({ method: 'GET', url: location, headers: auth });
    assert.equal(current.headers['retry-after'], undefined);
    const etag = current.headers.etag as string;
    const notModified = await app.inject({ method: 'GET', url: location, headers: { ...auth, 'if-none-match': etag } });
    assert.equal(notModified.statusCode, 304);
    const started = Date.now();
    const polled = await app.inject({ method: 'GET', url: location, headers: { ...auth, prefer: 'wait=5' } });
    assert.equal(polled.statusCode, 200);
    assert.ok(Date.now() - started < 2_000);

    await until(() => receiver.requests.some((r) => JSON.parse(r.body).type === 'batch.completed'), 10_000, 'batch.completed');
    const event = JSON.parse(receiver.requests.find((r) => JSON.parse(r.body).type === 'batch.completed')!.body);
    assert.equal(event.data.batch.id, doc.id);
    assert.equal(event.data.batch.tasks.total, total + 2);
    assert.equal(receiver.requests.filter((r) => JSON.parse(r.body).type === 'batch.completed').length, 1);
  });

  test('a long-poll answers when the batch changes; the list shows it; another tenant gets 404', async () => {
    const accepted = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...auth, prefer: 'respond-async' },
      payload: { requests: [{ id: 'a', method: 'POST', url: '/v1/tasks', body: { type: 'step', input: { ms: 400 } } }] },
    });
    const location = accepted.headers.location as string;
    const started = Date.now();
    const polled = await app.inject({ method: 'GET', url: location, headers: { ...auth, prefer: 'wait=10', 'if-none-match': accepted.headers.etag as string } });
    assert.equal(polled.statusCode, 200);
    assert.ok(Date.now() - started < 5_000, 'answered on a change, not at the end of the wait');
    assert.equal(polled.headers['preference-applied'], 'wait=10');
    const list = await app.inject({ method: 'GET', url: '/v1/batches?limit=1', headers: auth });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().items[0].id, accepted.json().id);
    assert.ok(list.json().nextCursor);
    const filtered = await app.inject({ method: 'GET', url: '/v1/batches?status=completed', headers: auth });
    assert.ok(filtered.json().items.every((b: { status: string }) => b.status === 'completed'));
    const foreign = await app.inject({ method: 'GET', url: location, headers: otherAuth });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'batch-not-found');
    assert.equal((await app.inject({ method: 'GET', url: '/v1/batches', headers: otherAuth })).json().items.length, 0);
    const malformed = await app.inject({ method: 'GET', url: '/v1/batches/nope', headers: auth });
    assert.equal(malformed.statusCode, 404);
  });
});
