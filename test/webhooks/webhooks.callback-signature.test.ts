import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type TestApi, testApi } from '../helpers/api.ts';
import { dispatcher, newTasks, type Receiver, runAll, startReceiver, until, webhookConfig } from './receiver.ts';

// Per-tenant callback signing secret (docs/webhooks.md § Signatures): POST /v1/webhook-callback-secret creates
// or rotates it (shown once), GET shows its metadata; callbackUrl deliveries are signed with it
// once it exists — with two signatures during a rotation's overlap — verified here with the
// official standardwebhooks package.

let api: TestApi;
let receiver: Receiver;
let auth: { authorization: string };
let other: { authorization: string };
const tenant = 'tenant-cbsig';
before(async () => {
  api = await testApi((c) => {
    c.webhooks.allow = ['127.0.0.0/8'];
  });
  receiver = await startReceiver();
  auth = { authorization: (await api.key(tenant)).authorization };
  other = { authorization: (await api.key('tenant-cbsig-other')).authorization };
});
after(async () => {
  await receiver.close();
  await api.close();
});

test('callback secret API: 404 before, 201 with the secret once, GET shows metadata only, rotate 200 with overlap', async () => {
  const missing = await api.app.inject({ method: 'GET', url: '/v1/webhook-callback-secret', headers: other });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'webhook-callback-secret-not-found');
  const created = await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: other, payload: {} });
  assert.equal(created.statusCode, 201, created.body);
  assert.match(created.json().secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(created.json().secretRotationEndsAt, null);
  const got = await api.app.inject({ method: 'GET', url: '/v1/webhook-callback-secret', headers: other });
  assert.equal(got.statusCode, 200);
  assert.equal(got.json().secret, undefined, 'never shown again');
  assert.equal(got.json().createdAt, created.json().createdAt);
  const rotated = await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: other, payload: { overlapSeconds: 60 } });
  assert.equal(rotated.statusCode, 200, rotated.body);
  assert.notEqual(rotated.json().secret, created.json().secret);
  assert.ok(Date.parse(rotated.json().secretRotationEndsAt) > Date.now());
  const row = await api.store.webhookCallbackSecretGet({ tenant: 'tenant-cbsig-other' });
  assert.equal(row?.previousSecret, created.json().secret);
  assert.equal(row?.secret, rotated.json().secret);
  const noOverlap = await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: other, payload: { overlapSeconds: 0 } });
  assert.equal(noOverlap.json().secretRotationEndsAt, null);
  assert.equal((await api.store.webhookCallbackSecretGet({ tenant: 'tenant-cbsig-other' }))?.previousSecret, null);
  // Tenants do not see each other's.
  assert.equal((await api.app.inject({ method: 'GET', url: '/v1/webhook-callback-secret', headers: auth })).statusCode, 404);
});

test('callbackUrl deliveries: unsigned without a secret, signed with it, both signatures during a rotation', async () => {
  const { store } = api;
  const service = dispatcher(store, webhookConfig({ allow: ['127.0.0.0/8'] }));
  service.start();
  const cb = `${receiver.url}/cb`;
  try {
    // No secret yet: delivered, without a signature.
    await store.taskInsertMany({ tasks: newTasks(tenant, 'cbsig', 1, cb) });
    await runAll(store, 'cbsig');
    await until(() => receiver.requests.length === 2, 10_000, '2 unsigned deliveries');
    for (const r of receiver.requests) {
      assert.equal(r.headers['webhook-signature'], undefined);
      assert.match(r.headers['webhook-id']!, /^msg_/);
    }

    const first = (await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: auth, payload: {} })).json().secret as string;
    await store.taskInsertMany({ tasks: newTasks(tenant, 'cbsig', 2, cb) });
    await runAll(store, 'cbsig');
    await until(() => receiver.requests.length === 6, 10_000, '4 signed deliveries');
    for (const r of receiver.requests.slice(2)) {
      const body = new Webhook(first).verify(r.body, r.headers) as { type: string; data: { task: { callbackUrl?: string } } };
      assert.ok(['task.started', 'task.succeeded'].includes(body.type));
      assert.equal(r.headers['webhook-signature']!.split(' ').length, 1);
    }

    const second = (await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: auth, payload: { overlapSeconds: 60 } })).json().secret as string;
    await store.taskInsertMany({ tasks: newTasks(tenant, 'cbsig', 1, cb) });
    await runAll(store, 'cbsig');
    await until(() => receiver.requests.length === 8, 10_000, '2 deliveries during the rotation');
    for (const r of receiver.requests.slice(6)) {
      assert.equal(r.headers['webhook-signature']!.split(' ').length, 2);
      new Webhook(second).verify(r.body, r.headers);
      new Webhook(first).verify(r.body, r.headers);
    }

    // Rotation without overlap: only the newest secret signs.
    const third = (await api.app.inject({ method: 'POST', url: '/v1/webhook-callback-secret', headers: auth, payload: { overlapSeconds: 0 } })).json().secret as string;
    await store.taskInsertMany({ tasks: newTasks(tenant, 'cbsig', 1, cb) });
    await runAll(store, 'cbsig');
    await until(() => receiver.requests.length === 10, 10_000, '2 deliveries after the rotation');
    for (const r of receiver.requests.slice(8)) {
      new Webhook(third).verify(r.body, r.headers);
      assert.throws(() => new Webhook(second).verify(r.body, r.headers));
    }
  } finally {
    await service.stop();
  }
});
