import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';

// callbackUrl at submission (docs/webhooks.md): with the default configuration
// what is knowably unsafe without DNS is refused with 422 webhook-url-refused pointing at
// /callbackUrl, and nothing is stored — on POST, PUT (reserved id), bulk (per item) and PATCH.
// Host names pass here and are checked at every delivery (webhooks.ssrf.test.ts).

const REFUSED = [
  'http://example.com/hook', // plain http
  'ftp://example.com/hook',
  'https://user:pw@example.com/hook', // credentials
  'https://127.0.0.1/hook',
  'http://127.0.0.1:9/hook',
  'https://10.0.0.1/hook',
  'https://192.168.1.10/hook',
  'https://169.254.169.254/latest/meta-data',
  'https://[::1]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[fd00::1]/hook',
  'https://0.0.0.0/hook',
  // IPv6 forms judged by the IPv4 address they embed.
  'https://[::127.0.0.1]/hook',
  'https://[::10.0.0.1]/hook',
  'https://[::169.254.169.254]/hook',
  'https://[::192.168.1.1]/hook',
  'https://[::7f00:1]/hook',
  'https://[64:ff9b::a9fe:a9fe]/hook',
  'https://[2002:c0a8:101::1]/hook',
  // Loopback by name (RFC 6761).
  'https://localhost/hook',
  'https://LOCALHOST./hook',
  'https://api.localhost/hook',
];

let api: TestApi;
let allowing: TestApi;
let auth: { authorization: string };
before(async () => {
  api = await testApi();
  allowing = await testApi((c) => {
    c.webhooks.allow = ['127.0.0.0/8'];
  });
  auth = { authorization: (await api.key('tenant-cb')).authorization };
});
after(async () => {
  await api.close();
  await allowing.close();
});

const taskCount = async () => (await api.app.inject({ method: 'GET', url: '/v1/tasks?limit=500', headers: auth })).json().items.length as number;

function assertRefused(res: { statusCode: number; body: string; headers: Record<string, unknown> }, url: string): void {
  assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
  const body = JSON.parse(res.body);
  assert.equal(body.code, 'webhook-url-refused', url);
  assert.equal(body.errors[0].pointer, '/callbackUrl', url);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
}

test('POST /v1/tasks refuses knowably unsafe callbackUrls with 422 webhook-url-refused; nothing is stored', async () => {
  const before = await taskCount();
  for (const callbackUrl of REFUSED) {
    const res = await api.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, callbackUrl } });
    assertRefused(res, callbackUrl);
  }
  assert.equal(await taskCount(), before, 'no task was stored');
  // A public https URL and a host name (checked at delivery) are accepted.
  for (const callbackUrl of ['https://example.com/hook', 'https://hooks.example.org/hook', 'https://8.8.8.8/hook', 'https://[64:ff9b::808:808]/hook']) {
    const res = await api.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, callbackUrl } });
    assert.equal(res.statusCode, 202, `${callbackUrl}: ${res.body}`);
  }
});

test('PUT /v1/tasks/{id} (reserved id) refuses them too, and the reservation stays usable', async () => {
  const { id } = (await api.app.inject({ method: 'POST', url: '/v1/task-ids', headers: auth })).json();
  for (const callbackUrl of ['https://10.0.0.1/hook', 'http://example.com/hook', 'https://[::ffff:10.0.0.1]/x']) {
    const res = await api.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {}, callbackUrl } });
    assertRefused(res, callbackUrl);
  }
  const ok = await api.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {}, callbackUrl: 'https://example.com/h' } });
  assert.equal(ok.statusCode, 202, ok.body);
});

test('bulk: each refused item answers 422 webhook-url-refused, the others are created; atomic creates none', async () => {
  const before = await taskCount();
  const tasks = [
    { type: 'echo', input: {}, callbackUrl: 'https://example.com/ok' },
    { type: 'echo', input: {}, callbackUrl: 'https://169.254.169.254/' },
    { type: 'echo', input: {}, callbackUrl: 'https://[::1]/' },
    { type: 'echo', input: {} },
  ];
  const res = await api.app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers: auth, payload: { tasks } });
  assert.ok(res.statusCode < 300, res.body);
  const items = res.json().items as { status: number; error?: { code: string; errors: { pointer: string }[] } }[];
  assert.deepEqual(items.map((i) => i.status), [202, 422, 422, 202]);
  for (const i of [1, 2]) {
    assert.equal(items[i]!.error!.code, 'webhook-url-refused');
    assert.equal(items[i]!.error!.errors[0]!.pointer, '/callbackUrl');
  }
  assert.equal(await taskCount(), before + 2);
  const atomic = await api.app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers: auth, payload: { tasks, atomic: true } });
  assert.equal(atomic.statusCode, 422, atomic.body);
  assert.equal(await taskCount(), before + 2, 'an atomic bulk with a refused item creates nothing');
});

test('PATCH /v1/tasks/{id} refuses an unsafe callbackUrl and keeps the old one', async () => {
  const created = await api.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, runAt: new Date(Date.now() + 3_600_000).toISOString(), callbackUrl: 'https://example.com/a' } });
  assert.equal(created.statusCode, 202, created.body);
  const id = created.json().id as string;
  for (const callbackUrl of ['https://127.0.0.1/x', 'http://example.com/x', 'https://u@example.com/x']) {
    const res = await api.app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, headers: { ...auth, 'if-match': '*' }, payload: { callbackUrl } });
    assertRefused(res, callbackUrl);
  }
  const stored = await api.store.taskGet({ tenant: 'tenant-cb', id });
  assert.equal(stored?.callbackUrl, 'https://example.com/a');
  const ok = await api.app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, headers: { ...auth, 'if-match': '*' }, payload: { callbackUrl: 'https://example.com/b' } });
  assert.equal(ok.statusCode, 200, ok.body);
});

test('the operator allow-list lets matching private targets (and plain http to them) through at submission', async () => {
  const a = { authorization: (await allowing.key('tenant-allow')).authorization };
  const ok = await allowing.app.inject({ method: 'POST', url: '/v1/tasks', headers: a, payload: { type: 'echo', input: {}, callbackUrl: 'http://127.0.0.1:9/hook' } });
  assert.equal(ok.statusCode, 202, ok.body);
  const still = await allowing.app.inject({ method: 'POST', url: '/v1/tasks', headers: a, payload: { type: 'echo', input: {}, callbackUrl: 'https://10.0.0.1/hook' } });
  assertRefused(still, 'not allow-listed');
});
