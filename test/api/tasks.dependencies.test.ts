import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { claimAll, completeAll, type TenantApi, tenantApi } from '../helpers/api.ts';

// dependsOn on submit (POST /v1/tasks, bulk, PUT with a reserved id): a child waits `pending` for
// its parents and says so; unknown, foreign or gone parents are 422 and store nothing.

describe(onBackend('task dependencies over HTTP'), { skip: await backendSkip() }, () => {
  const api: TenantApi = tenantApi('deps');
  const other: TenantApi = tenantApi('deps-other');

  const submit = (body: object) => api.inject({ method: 'POST', url: '/v1/tasks', payload: body });

  test('a child waits pending for its parents, shows them, and is queued when the last one succeeded', async () => {
    const a = await api.submit('echo');
    const b = await api.submit('sleep', { seconds: 0 });
    const res = await submit({ type: 'echo', input: {}, dependsOn: [a, b] });
    assert.equal(res.statusCode, 202, res.body);
    const child = res.json();
    assert.equal(child.status, 'pending');
    assert.deepEqual(child.dependsOn, [a, b]);
    assert.equal(child.dependencyPolicy, 'succeeded');
    assert.equal(child.waitingFor, 2);
    assert.equal(child.estimatedStartAt, undefined, 'it starts when its parents are done, not from the queue');
    await completeAll(api.store, 'echo', { a: 1 }); // a (the child is pending: not claimed)
    assert.equal((await api.inject({ method: 'GET', url: `/v1/tasks/${child.id}` })).json().waitingFor, 1);
    await completeAll(api.store, 'sleep', { b: 1 });
    const released = (await api.inject({ method: 'GET', url: `/v1/tasks/${child.id}` })).json();
    assert.equal(released.status, 'queued');
    assert.equal(released.waitingFor, undefined);
    assert.equal(typeof released.position, 'number');
  });

  test('unknown, foreign and gone parents are 422 task-dependency-invalid with pointers, and nothing is stored', async () => {
    const mine = await api.submit('echo');
    const foreign = await other.submit('echo');
    const gone = await api.submit('echo');
    assert.equal((await api.inject({ method: 'DELETE', url: `/v1/tasks/${gone}` })).statusCode, 204);
    const before = (await api.store.taskList({ tenant: 'deps', limit: 1000 })).tasks.length;
    const res = await submit({ type: 'echo', input: {}, customId: 'never-stored', dependsOn: [mine, 'tsk_unknown', foreign, gone] });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'task-dependency-invalid');
    assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/dependsOn/1', '/dependsOn/2', '/dependsOn/3']);
    assert.equal((await api.store.taskList({ tenant: 'deps', limit: 1000 })).tasks.length, before);
    assert.equal(await api.store.taskGetByCustomId({ tenant: 'deps', customId: 'never-stored' }), null);
    // The schema: at most limits.dependsOnMax, no duplicates, ids as strings.
    const dup = await submit({ type: 'echo', input: {}, dependsOn: [mine, mine] });
    assert.equal(dup.statusCode, 422);
    assert.equal(dup.json().code, 'validation-failed');
    const many = await submit({ type: 'echo', input: {}, dependsOn: Array.from({ length: DEFAULTS.limits.dependsOnMax + 1 }, (_, i) => `tsk_${i}`) });
    assert.equal(many.statusCode, 422);
    const empty = await submit({ type: 'echo', input: {}, dependsOn: [] });
    assert.equal(empty.statusCode, 422);
  });

  test('a parent that already failed fails the child at once; `always` runs it anyway', async () => {
    const parent = await api.submit('sleep', { seconds: 1 });
    assert.equal((await api.inject({ method: 'POST', url: `/v1/tasks/${parent}/cancel` })).statusCode, 200);
    const doomed = (await submit({ type: 'echo', input: {}, dependsOn: [parent] })).json();
    assert.equal(doomed.status, 'failed');
    assert.equal(doomed.error.code, 'dependency-failed');
    const anyway = (await submit({ type: 'echo', input: {}, dependsOn: [parent], dependencyPolicy: 'always' })).json();
    assert.equal(anyway.status, 'queued');
    assert.equal(anyway.dependencyPolicy, 'always');
  });

  test('bulk items and reserved ids take dependsOn; an atomic bulk with a bad parent stores nothing', async () => {
    const parent = await api.submit('sleep', { seconds: 0 });
    const bulk = await api.inject({
      method: 'POST',
      url: '/v1/tasks/bulk',
      payload: { tasks: [{ type: 'echo', input: { i: 1 }, dependsOn: [parent] }, { type: 'echo', input: { i: 2 }, dependsOn: ['tsk_nope'] }, { type: 'echo', input: {} }] },
    });
    assert.equal(bulk.statusCode, 202, bulk.body);
    const items = bulk.json().items;
    assert.equal(items[0].status, 202);
    assert.equal(items[0].task.status, 'pending');
    assert.equal(items[1].status, 422);
    assert.equal(items[1].error.code, 'task-dependency-invalid');
    assert.equal(items[2].task.status, 'queued');
    const atomic = await api.inject({
      method: 'POST',
      url: '/v1/tasks/bulk',
      payload: { atomic: true, tasks: [{ type: 'echo', input: {}, customId: 'atomic-a' }, { type: 'echo', input: {}, dependsOn: ['tsk_nope'] }] },
    });
    assert.equal(atomic.statusCode, 422);
    assert.equal(atomic.json().code, 'bulk-item-invalid');
    assert.equal(atomic.json().index, 1);
    assert.equal(await api.store.taskGetByCustomId({ tenant: 'deps', customId: 'atomic-a' }), null);
    const reserved = (await api.inject({ method: 'POST', url: '/v1/task-ids' })).json().id as string;
    const put = await api.inject({ method: 'PUT', url: `/v1/tasks/${reserved}`, payload: { type: 'echo', input: {}, dependsOn: [parent] } });
    assert.equal(put.statusCode, 202, put.body);
    assert.deepEqual(put.json().dependsOn, [parent]);
    const self = (await api.inject({ method: 'POST', url: '/v1/task-ids' })).json().id as string;
    const selfRes = await api.inject({ method: 'PUT', url: `/v1/tasks/${self}`, payload: { type: 'echo', input: {}, dependsOn: [self] } });
    assert.equal(selfRes.statusCode, 422);
    assert.match(selfRes.json().errors[0].detail, /itself/);
    await claimAll(api.store, 'sleep');
  });

  test('a child submitted with Idempotency-Key replays as itself', async () => {
    const parent = await api.submit('echo');
    const body = { type: 'echo', input: { keyed: true }, dependsOn: [parent] };
    const first = await api.inject({ method: 'POST', url: '/v1/tasks', headers: { 'idempotency-key': 'child-1' }, payload: body });
    const again = await api.inject({ method: 'POST', url: '/v1/tasks', headers: { 'idempotency-key': 'child-1' }, payload: body });
    assert.equal(first.statusCode, 202);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().id, first.json().id);
  });
});

describe(onBackend('batch and graph limits'), { skip: await backendSkip() }, () => {
  const api: TenantApi = tenantApi('limits', (c) => {
    c.limits.batchBodyBytes = 2_000;
    c.limits.taskGraphMaxDepth = 1;
  });

  test('a batch body over limits.batchBodyBytes is 413; a graph deeper than limits.taskGraphMaxDepth is 422', async () => {
    const requests = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}`, method: 'GET', url: '/v1/task-types' }));
    assert.ok(JSON.stringify({ requests }).length > 2_000);
    const big = await api.inject({ method: 'POST', url: '/v1/batch', payload: { requests } });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, 'payload-too-large');
    const root = await api.submit('echo');
    const child = await api.inject({ method: 'POST', url: '/v1/tasks', payload: { type: 'echo', input: {}, dependsOn: [root] } });
    assert.equal(child.statusCode, 202);
    const grandchild = await api.inject({ method: 'POST', url: '/v1/tasks', payload: { type: 'echo', input: {}, dependsOn: [child.json().id] } });
    assert.equal(grandchild.statusCode, 422);
    assert.equal(grandchild.json().code, 'task-dependency-invalid');
    assert.match(grandchild.json().detail, /limits\.taskGraphMaxDepth/);
  });
});
