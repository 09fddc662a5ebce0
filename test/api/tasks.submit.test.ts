import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { completeAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('POST /v1/tasks'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  it('answers 202 with Location, Retry-After and the task document', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 1 } } });
    assert.equal(res.statusCode, 202);
    const doc = res.json();
    assert.match(doc.id, /^tsk_/);
    assert.equal(res.headers.location, `/v1/tasks/${doc.id}`);
    assert.match(String(res.headers['retry-after']), /^\d+$/);
    assert.equal(doc.status, 'queued');
    assert.equal(doc.priority, 0);
    assert.deepEqual(doc.attempts, { count: 0, max: 3 });
    assert.deepEqual(doc.links, {
      self: `/v1/tasks/${doc.id}`,
      result: `/v1/tasks/${doc.id}/result`,
      cancel: `/v1/tasks/${doc.id}/cancel`,
      events: `/v1/tasks/${doc.id}/events`,
    });
    assert.equal(doc.input, undefined);
  });

  it('holds the request with Prefer wait=N until a runner completes the task → 201', async () => {
    const runner = setInterval(() => void completeAll(t.store, 'echo', { ok: 1 }), 50);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/tasks',
        headers: { ...auth, prefer: 'wait=5' },
        payload: { type: 'echo', input: { a: 1 } },
      });
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers['preference-applied'], 'wait=5');
      assert.equal(res.json().status, 'succeeded');
      assert.deepEqual(res.json().result, { ok: 1 });
      assert.ok(res.headers.location);
      assert.equal(res.headers['retry-after'], undefined);
    } finally {
      clearInterval(runner);
    }
  });

  it('answers 202 when the wait runs out', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, prefer: 'wait=1' }, payload: { type: 'sleep', input: { seconds: 1 } } });
    assert.equal(res.statusCode, 202);
    assert.equal(res.headers['preference-applied'], 'wait=1');
  });

  it('respond-async wins over a type that is synchronous by default', async () => {
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, prefer: 'respond-async, wait=9' }, payload: { type: 'sync', input: {} } });
    assert.equal(res.statusCode, 202);
    assert.equal(res.headers['preference-applied'], 'respond-async');
    // The type would hold the request 2 s (syncWaitSeconds) and wait=9 would hold it 9 s.
    assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
  });

  it('holds a sync-by-default type without Prefer', async () => {
    const runner = setInterval(() => void completeAll(t.store, 'sync', 42), 50);
    try {
      const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sync', input: {} } });
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers['preference-applied'], undefined);
      assert.equal(res.json().result, 42);
    } finally {
      clearInterval(runner);
    }
  });

  it('rejects an unknown type, invalid input and bad fields with 422 and pointers', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'nope', input: {} } });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'unknown-task-type');
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);

    const input = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 'x' } } });
    assert.equal(input.statusCode, 422);
    assert.equal(input.json().code, 'input-invalid');
    assert.equal(input.json().errors[0].pointer, '/input/seconds');

    const both = await t.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: auth,
      payload: { type: 'echo', input: {}, runAt: new Date().toISOString(), delaySeconds: 5 },
    });
    assert.equal(both.statusCode, 422);

    const schema = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, priority: 5000, extra: 1 } });
    assert.equal(schema.statusCode, 422);
    assert.equal(schema.json().code, 'validation-failed');
    const pointers = schema.json().errors.map((e: { pointer: string }) => e.pointer).sort();
    assert.deepEqual(pointers, ['/extra', '/priority']);
  });

  it('schedules delayed tasks as pending', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, delaySeconds: 60 } });
    assert.equal(res.statusCode, 202);
    assert.equal(res.json().status, 'pending');
  });

  it('maps malformed requests to problems, never 5xx', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'content-type': 'application/json' }, payload: '{nope' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'malformed-request');
    const text = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hi' });
    assert.equal(text.statusCode, 415);
    const plus = await t.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { ...auth, 'content-type': 'application/vnd.offload+json' },
      payload: JSON.stringify({ type: 'echo', input: {} }),
    });
    assert.equal(plus.statusCode, 202);
    const big = await t.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: auth,
      payload: { type: 'echo', input: { s: 'x'.repeat(300_000) } },
    });
    assert.equal(big.statusCode, 413);
    const huge = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: { s: 'x'.repeat(2_000_000) } } });
    assert.equal(huge.statusCode, 413);
    const missing = await t.app.inject({ method: 'GET', url: '/v1/nothing', headers: auth });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'not-found');
    const method = await t.app.inject({ method: 'DELETE', url: '/v1/task-types', headers: auth });
    assert.equal(method.statusCode, 405);
    assert.equal(method.headers.allow, 'GET, HEAD');
  });

  it('requires a valid API key', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/v1/tasks', payload: { type: 'echo', input: {} } });
    assert.equal(none.statusCode, 401);
    const wrong = await t.app.inject({ method: 'GET', url: '/v1/tasks', headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    const twice = await t.app.inject({
      method: 'GET',
      url: '/v1/tasks',
      headers: { authorization: [auth.authorization, auth.authorization] as unknown as string },
    });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.json().code, 'invalid-header');
  });

  it('lists task types with their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/task-types', headers: auth });
    assert.equal(res.statusCode, 200);
    const sleep = res.json().items.find((i: { type: string }) => i.type === 'sleep');
    assert.equal(sleep.inputSchema.properties.seconds.type, 'number');
  });
});
