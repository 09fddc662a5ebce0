import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('PATCH /v1/tasks/{id}'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = async (type = 'echo') => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type, input: {}, delaySeconds: 60 } });
    return { id: res.json().id as string, etag: String(res.headers.etag) };
  };
  const patch = (id: string, headers: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, headers: { ...auth, ...headers }, payload });

  it('changes priority, metadata and runAt with a current If-Match', async () => {
    const { id } = await submit();
    const etag = String((await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth })).headers.etag);
    const runAt = new Date(Date.now() - 1000).toISOString();
    const res = await patch(id, { 'if-match': etag }, { priority: 7, metadata: { user: 'ann' }, runAt });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().priority, 7);
    assert.deepEqual(res.json().metadata, { user: 'ann' });
    assert.equal(res.json().status, 'queued');
    const stale = await patch(id, { 'if-match': etag }, { priority: 8 });
    assert.equal(stale.statusCode, 412);
    assert.equal(stale.json().code, 'precondition-failed');
  });

  it('requires If-Match (428) and refuses malformed ones (400)', async () => {
    const { id, etag } = await submit();
    assert.equal((await patch(id, {}, { priority: 1 })).statusCode, 428);
    for (const bad of [`W/${etag}`, `*, ${etag}`, 'abc']) {
      const res = await patch(id, { 'if-match': bad }, { priority: 1 });
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().code, 'invalid-header');
    }
    assert.equal((await patch(id, { 'if-match': '*' }, { priority: 1 })).statusCode, 200);
  });

  it('validates the body and answers 409 once the task runs', async () => {
    const { id } = await submit('echo');
    assert.equal((await patch(id, { 'if-match': '*' }, {})).statusCode, 422);
    assert.equal((await patch(id, { 'if-match': '*' }, { status: 'x' })).statusCode, 422);
    assert.equal((await patch(id, { 'if-match': '*' }, { callbackUrl: 'ftp://x' })).statusCode, 422);
    await patch(id, { 'if-match': '*' }, { runAt: new Date(Date.now() - 1000).toISOString() });
    await claimAll(t.store, 'echo');
    const res = await patch(id, { 'if-match': '*' }, { priority: 2 });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'task-state-conflict');
  });
});
