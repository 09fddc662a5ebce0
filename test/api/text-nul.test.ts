import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// Text the store keeps as text cannot hold a NUL character on PostgreSQL; before, such values were
// stored on SQLite and answered 500 on PostgreSQL. Now both backends refuse them alike, with a 422
// pointing at the field, and store nothing. (Inside `input` a NUL is fine: input is JSON.)

describe(onBackend('NUL characters in stored text'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const refused: [string, string, unknown, string][] = [
    ['POST', '/v1/tasks', { type: 'echo', input: {}, customId: 'a\u0000b' }, '/customId'],
    ['POST', '/v1/tasks', { type: 'echo', input: {}, metadata: { k: 'a\u0000b' } }, '/metadata/k'],
    ['POST', '/v1/tasks', { type: 'echo', input: {}, metadata: { 'k\u0000': 'x' } }, '/metadata'],
    ['POST', '/v1/tasks/bulk', { tasks: [{ type: 'echo', input: {}, customId: 'x\u0000' }], atomic: true }, ''],
    ['POST', '/v1/webhook-endpoints', { url: 'https://example.com/x', description: 'a\u0000b' }, '/description'],
    ['POST', '/v1/webhook-endpoints', { url: 'https://example.com/\u0000' }, '/url'],
    ['GET', '/v1/tasks?type=a%00b', undefined, '/query/type'],
    ['GET', '/v1/tasks?customId=a%00b', undefined, '/query/customId'],
    ['GET', '/v1/tasks?metadata.k=a%00b', undefined, '/query/metadata.k'],
    ['GET', '/v1/tasks?metadata.k%00=a', undefined, '/query'],
  ];

  test('every such value is a 422 problem naming the field, on every backend, and nothing is stored', async () => {
    const failures: string[] = [];
    for (const [method, url, payload, pointer] of refused) {
      const res = await t.app.inject({ method: method as 'GET', url, headers: auth, payload: payload as object });
      const body = res.json();
      const pointers: string[] = (body.errors ?? body.error?.errors ?? []).map((e: { pointer: string }) => e.pointer);
      const ok = res.statusCode === 422 && (pointer === '' || pointers.some((p) => p.startsWith(pointer)));
      if (!ok) failures.push(`${method} ${url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    assert.deepEqual(failures, []);
    const { tasks } = await t.store.taskList({ tenant: null, limit: 10 });
    assert.deepEqual(tasks, []);
    assert.deepEqual(await t.store.webhookEndpointList({ tenant: 'acme' }), []);
  });

  test('a NUL inside input is JSON like any other character: accepted on every backend', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: { s: 'a\u0000b' } } });
    assert.equal(res.statusCode, 202, res.body);
    const got = await t.app.inject({ method: 'GET', url: `/v1/tasks/${res.json().id}?include=input`, headers: auth });
    assert.deepEqual(got.json().input, { s: 'a\u0000b' });
  });
});
