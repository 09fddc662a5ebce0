import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('Idempotency-Key on POST /v1/tasks'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = (key: string, input: unknown, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'idempotency-key': key, ...extra }, payload: { type: 'echo', input } });

  it('replays the same key and body with the original status and the current document', async () => {
    const first = await submit('"k-1"', { a: 1 });
    assert.equal(first.statusCode, 202);
    const again = await submit('k-1', { a: 1 });
    assert.equal(again.statusCode, 202);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.headers.location, first.headers.location);
    assert.equal(again.json().id, first.json().id);
  });

  it('refuses the same key with another body (422)', async () => {
    await submit('k-2', { a: 1 });
    const other = await submit('k-2', { a: 2 });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'idempotency-key-reused');
  });

  it('stores nothing for a request that failed validation', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'idempotency-key': 'k-3' }, payload: { type: 'nope', input: {} } });
    assert.equal(bad.statusCode, 422);
    const good = await submit('k-3', { ok: true });
    assert.equal(good.statusCode, 202);
    assert.equal(good.headers['idempotent-replayed'], undefined);
  });

  it('rejects malformed or repeated keys with 400 invalid-header', async () => {
    for (const key of ['"unterminated', '', 'a"b', 'x'.repeat(256)]) {
      const res = await submit(key, {});
      assert.equal(res.statusCode, 400, key);
      assert.equal(res.json().code, 'invalid-header');
    }
    const twice = await t.app.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { ...auth, 'idempotency-key': ['a', 'b'] as unknown as string },
      payload: { type: 'echo', input: {} },
    });
    assert.equal(twice.statusCode, 400);
  });

  it('answers 409 + Retry-After: 1 while the first request is still in flight', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const send = () =>
      fetch(`${address}/v1/tasks`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'k-flight', prefer: 'wait=2' },
        body: JSON.stringify({ type: 'echo', input: { slow: true } }),
      });
    const first = send();
    await new Promise((r) => setTimeout(r, 300));
    const second = await send();
    assert.equal(second.status, 409);
    assert.equal(second.headers.get('retry-after'), '1');
    assert.equal(((await second.json()) as { code: string }).code, 'idempotency-key-in-flight');
    const firstRes = await first;
    assert.equal(firstRes.status, 202);
    const replay = await send();
    assert.equal(replay.status, 202);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  });
});
