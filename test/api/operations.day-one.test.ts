import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type WorkerApi, workerApi } from '../helpers/worker-api.ts';

// The day-one operations: retry by hand, pause and resume a queue, the queue list, the worker list.

describe(onBackend('day-one operations'), { skip: await backendSkip() }, () => {
  let w: WorkerApi;
  let tenant: string;
  let other: string;
  let admin: string;
  let worker: string;
  before(async () => {
    w = await workerApi();
    tenant = await w.key('acme');
    other = await w.key('globex');
    admin = await w.key('ops', { admin: true });
    worker = await w.key('acme', { worker: { types: ['resize', 'crop'], allTenants: true } });
  });
  after(() => w?.close());

  const submit = async (type: string, input: unknown = {}, auth = tenant, extra: Record<string, unknown> = {}) => {
    const res = await w.as(auth, { method: 'POST', url: '/v1/tasks', payload: { type, input, ...extra } });
    assert.equal(res.statusCode, 202, res.body);
    return res.json().id as string;
  };
  const claim = async (types: string[]) => {
    const res = await w.as(worker, { method: 'POST', url: '/v1/workers/claim', payload: { types, max: 10, workerId: 'py-1' } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().tasks as { id: string; tenant: string; leaseToken: string }[];
  };

  test('retry: a failed task gets a new attempt with the same id; other states are 409', async () => {
    const id = await submit('crop', {}, tenant, { maxAttempts: 1 });
    const [a] = await claim(['crop']);
    await w.as(worker, { method: 'POST', url: `/v1/leases/${a!.leaseToken}/fail`, payload: { message: 'nope' } });
    assert.equal((await w.as(tenant, { method: 'GET', url: `/v1/tasks/${id}` })).json().status, 'failed');

    const retried = await w.as(tenant, { method: 'POST', url: `/v1/tasks/${id}/retry` });
    assert.equal(retried.statusCode, 200, retried.body);
    const doc = retried.json();
    assert.equal(doc.id, id);
    assert.equal(doc.status, 'queued');
    assert.deepEqual(doc.attempts, { count: 1, max: 2 });
    assert.equal(doc.error, undefined);
    const [b] = await claim(['crop']);
    assert.equal(b!.id, id);
    await w.as(worker, { method: 'POST', url: `/v1/leases/${b!.leaseToken}/complete`, payload: { result: { ok: true } } });
    assert.equal((await w.as(tenant, { method: 'GET', url: `/v1/tasks/${id}` })).json().status, 'succeeded');

    const again = await w.as(tenant, { method: 'POST', url: `/v1/tasks/${id}/retry` });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'task-state-conflict');
    assert.equal((await w.as(other, { method: 'POST', url: `/v1/tasks/${id}/retry` })).statusCode, 404, 'another tenant: 404');

    const canceled = await submit('crop');
    await w.as(tenant, { method: 'POST', url: `/v1/tasks/${canceled}/cancel` });
    const back = await w.as(tenant, { method: 'POST', url: `/v1/tasks/${canceled}/retry` });
    assert.equal(back.statusCode, 200);
    assert.equal(back.json().status, 'queued');
    assert.equal((await w.as(tenant, { method: 'POST', url: `/v1/tasks/${canceled}/retry` })).statusCode, 409, 'queued: 409');
    await claim(['crop']).then((l) => Promise.all(l.map((t) => w.as(worker, { method: 'POST', url: `/v1/leases/${t.leaseToken}/complete`, payload: {} }))));
  });

  test('pause: submissions are accepted, nothing is claimed; resume restarts claims; per tenant or (admin) for all', async () => {
    const paused = await w.as(tenant, { method: 'POST', url: '/v1/queues/resize/pause' });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.deepEqual(paused.json(), { type: 'resize', paused: true, pausedForEveryTenant: false });
    const mine = await submit('resize', { width: 1 });
    const theirs = await submit('resize', { width: 2 }, other);
    assert.deepEqual((await claim(['resize'])).map((t) => t.id), [theirs], 'only the other tenant’s task is claimed');

    const list = (await w.as(tenant, { method: 'GET', url: '/v1/queues' })).json().items as Record<string, unknown>[];
    const resize = list.find((q) => q.type === 'resize')!;
    assert.equal(resize.paused, true);
    assert.deepEqual(resize.depth, { pending: 0, queued: 1, running: 0 });
    assert.equal(typeof resize.oldestQueuedAgeSeconds, 'number');
    assert.equal(resize.http, true);
    assert.ok(list.some((q) => q.type === 'sleep' && q.paused === false && q.http === false), 'every registered type is a queue');
    assert.equal('pausedTenants' in resize, false, 'tenants do not see who else paused');

    const resumed = await w.as(tenant, { method: 'POST', url: '/v1/queues/resize/resume' });
    assert.equal(resumed.json().paused, false);
    const got = await claim(['resize']);
    assert.deepEqual(got.map((t) => t.id), [mine]);

    // An admin pause holds for every tenant; a tenant cannot lift it.
    await w.as(admin, { method: 'POST', url: '/v1/queues/resize/pause' });
    const a = await submit('resize', { width: 3 });
    await submit('resize', { width: 4 }, other);
    assert.deepEqual(await claim(['resize']), []);
    assert.equal((await w.as(tenant, { method: 'POST', url: '/v1/queues/resize/resume' })).json().pausedForEveryTenant, true);
    assert.deepEqual(await claim(['resize']), []);
    const adminView = (await w.as(admin, { method: 'GET', url: '/v1/queues' })).json().items.find((q: { type: string }) => q.type === 'resize');
    assert.equal(adminView.depth.queued, 2, 'admins see every tenant');
    assert.equal(adminView.pausedForEveryTenant, true);
    await w.as(admin, { method: 'POST', url: '/v1/queues/resize/resume' });
    const after = await claim(['resize']);
    assert.equal(after.length, 2);
    assert.ok(after.some((t) => t.id === a));
    for (const t of [...got, ...after]) await w.as(worker, { method: 'POST', url: `/v1/leases/${t.leaseToken}/complete`, payload: {} });

    const unknown = await w.as(tenant, { method: 'POST', url: '/v1/queues/no-such-type/pause' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'queue-not-found');
  });

  test('workers: an HTTP worker is listed while it claims and heartbeats; runners list for every tenant', async () => {
    const { createRunnerHeartbeat } = await import('../../src/services/runner-heartbeat.ts');
    const heartbeat = createRunnerHeartbeat({
      store: w.store, config: w.config, logger: console, id: 'node-a:1', node: 'host-a:1', types: ['sleep', 'noop'],
    });
    heartbeat.start();
    try {
      await claim(['resize']);
      const deadline = Date.now() + 5000;
      let items: Record<string, unknown>[] = [];
      while (Date.now() < deadline) {
        items = (await w.as(tenant, { method: 'GET', url: '/v1/workers' })).json().items;
        if (items.some((i) => i.kind === 'runner')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const http = items.find((i) => i.kind === 'http')!;
      assert.equal(http.name, 'py-1');
      assert.deepEqual(http.types, ['resize']);
      assert.equal(http.concurrency, 10);
      assert.ok(Date.parse(http.lastHeartbeatAt as string) > Date.now() - 5000);
      const runner = items.find((i) => i.kind === 'runner')!;
      assert.deepEqual(runner.types, ['sleep', 'noop']);
      assert.equal(runner.node, 'host-a:1');
      assert.equal(runner.concurrency, w.config.worker.concurrency);
      const forOther = (await w.as(other, { method: 'GET', url: '/v1/workers' })).json().items as Record<string, unknown>[];
      assert.ok(forOther.some((i) => i.kind === 'http'), 'an all-tenants worker serves every tenant');
    } finally {
      await heartbeat.stop();
    }
    const gone = (await w.as(tenant, { method: 'GET', url: '/v1/workers' })).json().items as Record<string, unknown>[];
    assert.equal(gone.some((i) => i.kind === 'runner'), false, 'a stopped runner leaves the list');
  });
});
