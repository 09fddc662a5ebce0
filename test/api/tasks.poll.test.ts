import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('GET /v1/tasks/{id} (status monitor)'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = async (type = 'sleep') =>
    (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type, input: { seconds: 1 } } })).json();

  it('sends a strong ETag, no-store, Vary: Prefer and Retry-After; If-None-Match → 304', async () => {
    const { id } = await submit();
    const res = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(res.statusCode, 200);
    const etag = String(res.headers.etag);
    assert.match(etag, /^"\d+-[A-Za-z0-9_-]{22}"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers.vary, 'Prefer');
    assert.match(String(res.headers['retry-after']), /^\d+$/);
    assert.equal(res.json().position, 0);
    const again = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: { ...auth, 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    const input = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}?include=input`, headers: auth });
    assert.deepEqual(input.json().input, { seconds: 1 });
  });

  it('long-polls with Prefer: wait and answers as soon as the task changes', async () => {
    const { id } = await submit('echo');
    setTimeout(() => void claimAll(t.store, 'echo'), 200);
    const started = Date.now();
    const res = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: { ...auth, prefer: 'wait=10' } });
    // Answered on the change (at ~200 ms), not when the 10 s wait ran out: half of it leaves room.
    assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms of a 10 s wait`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'running');
    assert.equal(res.headers['preference-applied'], 'wait=10');
  });

  it('estimates progress from duration statistics of the type', async () => {
    // Build statistics: sleep attempts that took ~1 s.
    await submit();
    const claimed = await claimAll(t.store, 'sleep');
    for (const c of claimed) {
      await t.store.taskComplete({ id: c.task.id, leaseToken: c.leaseToken, resultJson: 'null', now: Date.now() + 1000, retentionMs: 60_000 });
    }
    assert.ok(await t.store.typeStatsGet({ type: 'sleep' }));
    const { id } = await submit();
    await claimAll(t.store, 'sleep');
    await new Promise((r) => setTimeout(r, 300));
    const doc = (await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth })).json();
    assert.equal(doc.status, 'running');
    assert.equal(doc.progress.source, 'estimated');
    assert.ok(doc.progress.percent > 0 && doc.progress.percent < 100, String(doc.progress.percent));
    assert.ok(doc.estimatedCompletionAt);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['tsk_00000000000000000000000000', 'nope', '..%2F']) {
      const res = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
      assert.equal(res.statusCode, 404, id);
      assert.equal(res.json().code, 'task-not-found');
    }
  });
});
