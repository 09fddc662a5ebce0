import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type WorkerApi, workerApi } from '../helpers/worker-api.ts';

// The worker protocol over HTTP: claim, heartbeat, progress, complete, fail — fenced like the
// in-process runner, through the same outcome rules — and what a worker key may do.

interface Leased {
  id: string;
  type: string;
  tenant: string;
  input: unknown;
  attempt: number;
  maxAttempts: number;
  leaseToken: string;
  leaseExpiresAt: string;
  deadline: string;
  heartbeatSeconds: number;
}

describe(onBackend('worker protocol'), { skip: await backendSkip() }, () => {
  let w: WorkerApi;
  let tenant: string;
  let worker: string;
  let admin: string;
  before(async () => {
    w = await workerApi((c) => {
      c.limits.resultBytes = 2048;
      c.worker.leaseSeconds = 2;
      c.tasks.retryBaseSeconds = 0;
      c.tasks.retryMaxSeconds = 60;
    });
    tenant = await w.key('acme');
    worker = await w.key('acme', { worker: { types: ['resize', 'quick'], allTenants: false } });
    admin = await w.key('ops', { admin: true });
  });
  after(() => w?.close());

  const submit = async (type: string, input: unknown = {}, extra: Record<string, unknown> = {}, auth = tenant) => {
    const res = await w.as(auth, { method: 'POST', url: '/v1/tasks', payload: { type, input, ...extra } });
    assert.equal(res.statusCode, 202, res.body);
    return res.json().id as string;
  };
  const claim = async (body: Record<string, unknown>, auth = worker) => {
    const res = await w.as(auth, { method: 'POST', url: '/v1/workers/claim', payload: body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().tasks as Leased[];
  };
  const report = (token: string, what: 'heartbeat' | 'progress' | 'complete' | 'fail', payload: unknown = {}, auth = worker) =>
    w.as(auth, { method: 'POST', url: `/v1/leases/${token}/${what}`, payload: payload as Record<string, unknown> });
  const doc = async (id: string) => (await w.as(tenant, { method: 'GET', url: `/v1/tasks/${id}` })).json();

  test('a worker claims a leased task, renews it, reports progress and completes; the document shows each', async () => {
    const id = await submit('resize', { width: 640 });
    const [leased, ...rest] = await claim({ types: ['resize'], max: 5 });
    assert.equal(rest.length, 0);
    assert.equal(leased!.id, id);
    assert.deepEqual(leased!.input, { width: 640 });
    assert.equal(leased!.attempt, 1);
    assert.equal(leased!.maxAttempts, 3);
    assert.equal(leased!.tenant, 'acme');
    assert.ok(Date.parse(leased!.deadline) > Date.now() + 55_000, 'deadline = start + timeoutSeconds (60)');
    assert.ok(Date.parse(leased!.leaseExpiresAt) > Date.now());
    assert.equal(leased!.heartbeatSeconds, w.config.worker.leaseSeconds / 3);
    assert.equal((await doc(id)).status, 'running');

    const beat = await report(leased!.leaseToken, 'heartbeat');
    assert.equal(beat.statusCode, 200, beat.body);
    assert.equal(beat.json().cancelRequested, false);
    const progress = await report(leased!.leaseToken, 'progress', { percent: 40, message: 'resizing' });
    assert.equal(progress.statusCode, 200, progress.body);
    const during = await doc(id);
    assert.equal(during.progress.percent, 40);
    assert.equal(during.progress.source, 'reported');
    assert.equal(during.progress.message, 'resizing');

    const done = await report(leased!.leaseToken, 'complete', { result: { url: 'x.png', width: 640 } });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { taskId: id, recorded: 'succeeded' });
    const final = await doc(id);
    assert.equal(final.status, 'succeeded');
    assert.deepEqual((await w.as(tenant, { method: 'GET', url: `/v1/tasks/${id}/result` })).json(), { url: 'x.png', width: 640 });
    // A second complete of the finished attempt is fenced.
    const again = await report(leased!.leaseToken, 'complete', { result: 1 });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'lease-lost');
  });

  test('a late complete after the lease expired and the task was retried elsewhere gets 409 lease-lost', async () => {
    const id = await submit('resize', { width: 1 });
    const [first] = await claim({ types: ['resize'] });
    // The lease expires (no heartbeat): the rescuer requeues the task, another worker claims it.
    await new Promise((r) => setTimeout(r, 2100));
    const rescued = await w.store.taskRescueExpired({ now: Date.now(), error: { type: '/errors/lease-expired', title: 'x', status: 500, code: 'lease-expired' }, retentionMs: 1000, limit: 1000 });
    assert.ok(rescued.requeued.some((t) => t.id === id));
    const [second] = await claim({ types: ['resize'], workerId: 'other' });
    assert.equal(second!.id, id);
    assert.equal(second!.attempt, 2);
    const late = await report(first!.leaseToken, 'complete', { result: { from: 'first' } });
    assert.equal(late.statusCode, 409, late.body);
    assert.equal(late.json().code, 'lease-lost');
    assert.equal((await report(first!.leaseToken, 'heartbeat')).statusCode, 409);
    assert.equal((await report(second!.leaseToken, 'complete', { result: { from: 'second' } })).statusCode, 200);
    assert.deepEqual((await doc(id)).attempts, { count: 2, max: 3 });
    assert.deepEqual((await w.as(tenant, { method: 'GET', url: `/v1/tasks/${id}/result` })).json(), { from: 'second' });
  });

  test('fail: retried while attempts are left, after retryAfterSeconds when given; permanent fails at once', async () => {
    const id = await submit('resize', { width: 2 });
    const [a] = await claim({ types: ['resize'] });
    const before = Date.now();
    const failed = await report(a!.leaseToken, 'fail', { message: 'upstream busy', retryAfterSeconds: 30 });
    assert.equal(failed.statusCode, 200, failed.body);
    assert.equal(failed.json().recorded, 'retried');
    const row = (await w.store.taskGet({ tenant: null, id }))!;
    assert.equal(row.status, 'pending');
    assert.ok(row.runAt >= before + 30_000 && row.runAt <= Date.now() + 30_000, 'the next attempt starts when the worker said');
    assert.equal(row.error?.detail, 'upstream busy');

    const id2 = await submit('resize', { width: 3 });
    const [b] = await claim({ types: ['resize'] });
    assert.equal(b!.id, id2);
    const permanent = await report(b!.leaseToken, 'fail', { message: 'bad image', permanent: true });
    assert.equal(permanent.json().recorded, 'failed');
    const final = await doc(id2);
    assert.equal(final.status, 'failed');
    assert.equal(final.error.code, 'permanent-failure');
    assert.equal(final.error.detail, 'bad image');
  });

  test('a result over limits.resultBytes fails the task permanently, as in-process', async () => {
    const id = await submit('resize', { width: 4 });
    const [a] = await claim({ types: ['resize'] });
    const res = await report(a!.leaseToken, 'complete', { result: { pad: 'x'.repeat(4000) } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().recorded, 'failed');
    const final = await doc(id);
    assert.equal(final.status, 'failed');
    assert.match(final.error.detail, /limits\.resultBytes/);
  });

  test('a cancel through the API reaches the worker on its next heartbeat; its fail then records the cancel', async () => {
    const id = await submit('resize', { width: 5 });
    const [a] = await claim({ types: ['resize'] });
    const cancel = await w.as(tenant, { method: 'POST', url: `/v1/tasks/${id}/cancel` });
    assert.equal(cancel.statusCode, 202);
    const beat = await report(a!.leaseToken, 'heartbeat');
    assert.equal(beat.statusCode, 200);
    assert.equal(beat.json().cancelRequested, true);
    const stopped = await report(a!.leaseToken, 'fail', { message: 'stopped on cancel' });
    assert.equal(stopped.json().recorded, 'canceled');
    assert.equal((await doc(id)).status, 'canceled');
  });

  test('an attempt past its deadline: its next report fails it with timeout and answers 409', async () => {
    const id = await submit('quick');
    const [a] = await claim({ types: ['quick'] });
    await new Promise((r) => setTimeout(r, 1100));
    const late = await report(a!.leaseToken, 'heartbeat');
    assert.equal(late.statusCode, 409, late.body);
    assert.equal(late.json().code, 'lease-lost');
    assert.equal(late.json().reason, 'timeout');
    const row = (await w.store.taskGet({ tenant: null, id }))!;
    assert.equal(row.status, 'pending', 'retried: one attempt left');
    assert.equal(row.error?.code, 'timeout');
  });

  test('a long-poll claim answers as soon as a task of its types is submitted', async () => {
    const started = Date.now();
    const pending = claim({ types: ['resize'], waitSeconds: 10 });
    await new Promise((r) => setTimeout(r, 300));
    const id = await submit('resize', { width: 6 });
    const got = await pending;
    assert.deepEqual(got.map((t) => t.id), [id]);
    assert.ok(Date.now() - started < 3000, `answered at once, not after the wait (${Date.now() - started} ms)`);
    assert.equal((await report(got[0]!.leaseToken, 'complete', {})).statusCode, 200);
    const empty = Date.now();
    assert.deepEqual(await claim({ types: ['resize'], waitSeconds: 1 }), []);
    assert.ok(Date.now() - empty >= 900, 'nothing came: the wait ran out');
  });

  test('a worker key claims and reports only its types and tenant; admin keys serve every tenant', async () => {
    const forbidden = await w.as(worker, { method: 'POST', url: '/v1/workers/claim', payload: { types: ['resize', 'crop'] } });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'forbidden');
    const notHttp = await w.as(admin, { method: 'POST', url: '/v1/workers/claim', payload: { types: ['sleep'] } });
    assert.equal(notHttp.statusCode, 422);
    assert.equal(notHttp.json().code, 'unknown-task-type');

    // Another type's lease (claimed by an admin) is 404 for this worker key, as is another tenant's.
    const cropId = await submit('crop');
    const [crop] = await claim({ types: ['crop'] }, admin);
    assert.equal(crop!.id, cropId);
    for (const what of ['heartbeat', 'complete'] as const) {
      const res = await report(crop!.leaseToken, what);
      assert.equal(res.statusCode, 404, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'lease-not-found');
    }
    const other = await w.key('globex');
    const foreignId = await submit('resize', { width: 7 }, {}, other);
    assert.deepEqual(await claim({ types: ['resize'] }), [], 'another tenant’s task is not claimed by a tenant worker key');
    const [foreign] = await claim({ types: ['resize'] }, admin);
    assert.equal(foreign!.id, foreignId, 'an admin key claims every tenant’s');
    assert.equal((await report(foreign!.leaseToken, 'heartbeat')).statusCode, 404);
    const all = await w.key('acme', { worker: { types: ['resize'], allTenants: true } });
    assert.equal((await report(foreign!.leaseToken, 'heartbeat', {}, all)).statusCode, 200, 'an all-tenants worker key may');
    assert.equal((await report(crop!.leaseToken, 'complete', {}, admin)).statusCode, 200);
    assert.equal((await report(foreign!.leaseToken, 'complete', {}, admin)).statusCode, 200);

    for (const token of ['garbage', `tsk_${'0'.repeat(26)}.${'a'.repeat(32)}`, `${cropId}.zz`]) {
      const res = await report(token, 'heartbeat');
      assert.equal(res.statusCode, 404, token);
      assert.equal(res.json().code, 'lease-not-found');
    }
  });

  test('a worker key gets 403 on every route but the worker protocol', async () => {
    const spec = (await w.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { 'x-auth'?: string }>>;
    };
    let checked = 0;
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op['x-auth'] === 'public' || op['x-auth'] === 'worker') continue;
        const url = path.replace(/\{[^}]+\}/g, `tsk_${'0'.repeat(26)}`);
        const res = await w.as(worker, { method: method.toUpperCase() as 'GET', url, payload: method === 'get' || method === 'delete' ? undefined : {} });
        assert.equal(res.statusCode, 403, `${method.toUpperCase()} ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.equal(res.json().code, 'forbidden');
        checked++;
      }
    }
    assert.ok(checked >= 20, `checked ${checked} routes`);
    // And the tenant's own key may not speak the worker protocol.
    assert.equal((await w.as(tenant, { method: 'POST', url: '/v1/workers/claim', payload: { types: ['resize'] } })).statusCode, 403);
  });
});
