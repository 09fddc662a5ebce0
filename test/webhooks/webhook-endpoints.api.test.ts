import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';

let api: TestApi;
let auth: { authorization: string };
let other: { authorization: string };
before(async () => {
  api = await testApi();
  auth = { authorization: (await api.key('tenant-api')).authorization };
  other = { authorization: (await api.key('tenant-other')).authorization };
});
after(async () => api.close());

test('endpoints: create shows the secret once; list, get, patch, rotate, delete; other tenants see 404', async () => {
  const created = await api.app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: auth, payload: { url: 'https://example.com/hook', eventTypes: ['task.succeeded'] } });
  assert.equal(created.statusCode, 201, created.body);
  const body = created.json();
  assert.match(body.secret, /^whsec_/);
  assert.equal(created.headers.location, `/v1/webhook-endpoints/${body.id}`);
  const got = await api.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}`, headers: auth });
  assert.equal(got.statusCode, 200);
  assert.equal(got.json().secret, undefined);
  assert.equal((await api.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}`, headers: other })).statusCode, 404);
  const list = await api.app.inject({ method: 'GET', url: '/v1/webhook-endpoints', headers: auth });
  assert.deepEqual(list.json().items.map((e: { id: string }) => e.id), [body.id]);
  const patched = await api.app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${body.id}`, headers: auth, payload: { eventTypes: null, description: 'all' } });
  assert.equal(patched.statusCode, 200);
  assert.equal(patched.json().eventTypes, null);
  const rotated = await api.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${body.id}/rotate-secret`, headers: auth, payload: { overlapSeconds: 60 } });
  assert.equal(rotated.statusCode, 200, rotated.body);
  assert.notEqual(rotated.json().secret, body.secret);
  assert.ok(rotated.json().secretRotationEndsAt);
  const stored = await api.store.webhookEndpointGet({ tenant: 'tenant-api', id: body.id });
  assert.equal(stored?.previousSecret, body.secret);
  const deliveries = await api.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}/deliveries`, headers: auth });
  assert.deepEqual(deliveries.json(), { items: [] });
  const missing = await api.app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${body.id}/deliveries/whd_nope/redeliver`, headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'webhook-endpoint-not-found');
  assert.equal((await api.app.inject({ method: 'DELETE', url: `/v1/webhook-endpoints/${body.id}`, headers: other })).statusCode, 404);
  assert.equal((await api.app.inject({ method: 'DELETE', url: `/v1/webhook-endpoints/${body.id}`, headers: auth })).statusCode, 204);
  assert.equal((await api.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}`, headers: auth })).statusCode, 404);
});

test('registration refuses what is knowable: private literals, http, credentials (422 webhook-url-refused)', async () => {
  for (const url of ['http://127.0.0.1:9/', 'https://127.0.0.1/', 'https://10.0.0.1/', 'https://169.254.169.254/', 'https://[::1]/',
    'https://[::ffff:127.0.0.1]/', 'http://example.com/', 'https://u:p@example.com/', 'nope', 'https://[::127.0.0.1]/', 'https://[::a00:1]/',
    'https://[::169.254.169.254]/', 'https://[::192.168.1.1]/', 'https://[64:ff9b::7f00:1]/', 'https://localhost/', 'https://x.localhost./']) {
    const res = await api.app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: auth, payload: { url } });
    assert.equal(res.statusCode, 422, url);
    assert.equal(res.json().code, 'webhook-url-refused', url);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
  }
  assert.deepEqual((await api.app.inject({ method: 'GET', url: '/v1/webhook-endpoints', headers: other })).json(), { items: [] });
});
