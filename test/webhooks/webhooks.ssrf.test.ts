import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { newId } from '../../src/domain/ids.ts';
import { checkUrl, isPublicAddress } from '../../src/webhooks/outbound-policy.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { tempStore } from '../helpers/backend.ts';
import { dispatcher, newTasks, runAll, startReceiver, until, webhookConfig } from './receiver.ts';

const db = await tempStore();
const receiver = await startReceiver();
after(async () => {
  await receiver.close();
  await db.close();
});

const p = receiver.port;
const defaultPolicy = { allow: DEFAULTS.webhooks.allow, allowHttp: DEFAULTS.webhooks.allowHttp };

test('addresses: only public unicast passes, embedded IPv4 decides for mapped, NAT64 and 6to4', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
    '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '2002:a9fe:a9fe::1', 'ff02::1', 'not-an-ip']) {
    assert.equal(isPublicAddress(a), false, a);
  }
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
    assert.equal(isPublicAddress(a), true, a);
  }
});

test('registration: what is knowable without DNS is refused by default', () => {
  for (const url of [`http://127.0.0.1:${p}/`, `https://127.0.0.1:${p}/`, 'https://10.0.0.1/', 'https://169.254.169.254/latest/meta-data',
    `https://[::1]:${p}/`, `https://[::ffff:127.0.0.1]:${p}/`, 'http://example.com/', 'ftp://example.com/', 'https://user:pw@example.com/',
    'not a url']) {
    assert.equal(checkUrl(url, defaultPolicy).ok, false, url);
  }
  assert.equal(checkUrl('https://example.com/hook', defaultPolicy).ok, true);
  // A host name is judged at every attempt, after resolution; `localhost` is loopback by name.
  assert.equal(checkUrl(`https://hooks.example.com:${p}/`, defaultPolicy).ok, true);
  assert.equal(checkUrl(`https://localhost:${p}/`, defaultPolicy).ok, false);
  assert.equal(checkUrl(`http://127.0.0.1:${p}/`, { allow: ['127.0.0.0/8'], allowHttp: false }).ok, true);
});

test('with the default configuration, private targets are never fetched: each delivery fails', async () => {
  const { store } = db;
  const tenant = 'tenant-ssrf';
  const urls = [`http://127.0.0.1:${p}/a`, `https://127.0.0.1:${p}/b`, 'https://10.0.0.1/c', 'https://169.254.169.254/d',
    `https://[::1]:${p}/e`, `https://[::ffff:127.0.0.1]:${p}/f`, `https://localhost:${p}/g`, `http://localhost:${p}/h`,
    // IPv6 forms that embed a private IPv4 address, stored before the policy knew them.
    `https://[::127.0.0.1]:${p}/i`, `https://[::7f00:1]:${p}/j`, 'https://[::10.0.0.1]/k', 'https://[::169.254.169.254]/l',
    'https://[::192.168.1.1]/m', `https://[64:ff9b::127.0.0.1]:${p}/n`, `https://[2002:7f00:1::1]:${p}/o`,
    `https://[2001:0:808:808:8000:f227:80ff:fffe]:${p}/p`, `https://[2001:db9::5efe:127.0.0.1]:${p}/q`, `https://LocalHost.:${p}/r`];
  const now = Date.now();
  for (const url of urls) {
    await store.webhookEndpointCreate({
      endpoint: {
        id: newId('whe'), tenant, url, description: null, eventTypes: ['task.succeeded'], secret: newWebhookSecret(), previousSecret: null,
        previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
      },
    });
  }
  const service = dispatcher(store, webhookConfig());
  service.start();
  try {
    // And a task whose callbackUrl points at the receiver.
    await store.taskInsertMany({ tasks: newTasks(tenant, 'ssrf', 1, `https://localhost:${p}/callback`) });
    await runAll(store, 'ssrf');
    const endpoints = await store.webhookEndpointList({ tenant });
    await until(async () => {
      for (const ep of endpoints) {
        const [d] = await store.webhookDeliveryList({ tenant, endpointId: ep.id, limit: 5 });
        if (d?.status !== 'failed') return false;
      }
      return true;
    }, 10_000, 'every delivery failed');
    for (const ep of endpoints) {
      const [d] = await store.webhookDeliveryList({ tenant, endpointId: ep.id, limit: 5 });
      assert.match(d!.lastError ?? '', /^refused: /, ep.url);
      assert.equal(d!.attempts, 1, 'a policy refusal is final');
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(receiver.requests.length, 0, 'nothing reached the receiver');
  } finally {
    await service.stop();
  }
});

test('a redirect (even from an allowed host) is a failure and is never followed', async () => {
  const { store } = db;
  const tenant = 'tenant-redirect';
  const redirector = await startReceiver();
  redirector.respond = () => ({ status: 302, headers: { location: `http://127.0.0.1:${p}/private` } });
  const now = Date.now();
  await store.webhookEndpointCreate({
    endpoint: {
      id: newId('whe'), tenant, url: `http://localhost:${redirector.port}/r`, description: null, eventTypes: ['task.succeeded'],
      secret: newWebhookSecret(), previousSecret: null, previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null,
      disabledReason: null,
    },
  });
  const service = dispatcher(store, webhookConfig({ allow: ['localhost'], scheduleSeconds: [0.05] }));
  service.start();
  try {
    await store.taskInsertMany({ tasks: newTasks(tenant, 'redirect', 1) });
    await runAll(store, 'redirect');
    const [ep] = await store.webhookEndpointList({ tenant });
    await until(async () => (await store.webhookDeliveryList({ tenant, endpointId: ep!.id, limit: 5 }))[0]?.status === 'failed', 10_000, 'failed');
    const [d] = await store.webhookDeliveryList({ tenant, endpointId: ep!.id, limit: 5 });
    assert.equal(d!.lastStatusCode, 302);
    assert.equal(d!.attempts, 2, 'a 3xx is retried on the schedule like any failure');
    assert.equal(redirector.requests.length, 2);
    assert.equal(receiver.requests.length, 0, 'the redirect target was never fetched');
  } finally {
    await service.stop();
    await redirector.close();
  }
});
