import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('tenancy'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let a: { authorization: string };
  let b: { authorization: string };
  let id: string;
  before(async () => {
    t = await testApi();
    a = await t.key('tenant-a');
    b = await t.key('tenant-b');
    id = (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: a, payload: { type: 'echo', input: {}, customId: 'mine' } })).json().id;
  });
  after(() => t.close());

  it('answers 404 to tenant B on every route on tenant A’s task', async () => {
    const calls = await Promise.all([
      t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: b }),
      t.app.inject({ method: 'GET', url: `/v1/tasks/${id}/result`, headers: b }),
      t.app.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel`, headers: b }),
      t.app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, headers: { ...b, 'if-match': '*' }, payload: { priority: 1 } }),
      t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: b }),
      t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: b, payload: { type: 'echo', input: {} } }),
    ]);
    for (const r of calls) assert.equal(r.statusCode, 404, r.body);
    const list = await t.app.inject({ method: 'GET', url: '/v1/tasks?customId=mine', headers: b });
    assert.deepEqual(list.json().items, []);
    const still = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: a });
    assert.equal(still.json().status, 'queued');
  });

  it('hides tombstones of other tenants too', async () => {
    const gone = (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: a, payload: { type: 'echo', input: {} } })).json().id;
    await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${gone}`, headers: a });
    assert.equal((await t.app.inject({ method: 'GET', url: `/v1/tasks/${gone}`, headers: b })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/v1/tasks/${gone}`, headers: a })).statusCode, 410);
  });

  it('lets admin keys see every tenant’s tasks', async () => {
    const admin = await t.key('ops', { admin: true });
    assert.equal((await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: admin })).statusCode, 200);
  });

  it('stops accepting a revoked key within the cache TTL', async () => {
    const key = await t.key('tenant-c');
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/tasks', headers: key })).statusCode, 200);
    await t.store.apiKeyRevoke({ id: key.id, now: Date.now() });
    const fresh = await t.app.inject({ method: 'GET', url: '/v1/tasks', headers: { authorization: key.authorization } });
    assert.ok([200, 401].includes(fresh.statusCode));
  });
});
