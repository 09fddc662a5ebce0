import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// API keys over HTTP for admin keys. A revocation through a node takes effect on that node at once,
// even for a key it has just served from its cache (it used to take up to the cache's 5 s).

describe(onBackend('API keys (admin)'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let admin: { authorization: string };
  let tenant: { authorization: string };
  before(async () => {
    t = await testApi();
    admin = await t.key('ops', { admin: true });
    tenant = await t.key('acme');
  });
  after(() => t.close());

  test('an admin creates a key (shown once), lists it, revokes it: the very next request with it is 401', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { tenant: 'beta', name: 'ci' } });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.match(body.key, /^ok_/);
    assert.equal(created.headers.location, `/v1/keys/${body.id}`);
    const withKey = { authorization: `Bearer ${body.key}` };
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/tasks', headers: withKey })).statusCode, 200);

    const list = (await t.app.inject({ method: 'GET', url: '/v1/keys?tenant=beta', headers: admin })).json();
    assert.deepEqual(list.items.map((k: { id: string; key?: string }) => [k.id, k.key]), [[body.id, undefined]]);

    assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/keys/${body.id}`, headers: admin })).statusCode, 204);
    const after = await t.app.inject({ method: 'GET', url: '/v1/tasks', headers: withKey });
    assert.equal(after.statusCode, 401, 'revoked at once on this node, although its lookup was cached');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/keys/${body.id}`, headers: admin })).statusCode, 404);
  });

  test('a tenant key cannot manage keys (403), and no key at all is 401', async () => {
    for (const [method, url] of [['GET', '/v1/keys'], ['POST', '/v1/keys'], ['DELETE', '/v1/keys/key_x']] as const) {
      const res = await t.app.inject({ method, url, headers: tenant, payload: method === 'POST' ? { tenant: 'x' } : undefined });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().code, 'forbidden');
      assert.equal((await t.app.inject({ method, url })).statusCode, 401);
    }
  });
});
