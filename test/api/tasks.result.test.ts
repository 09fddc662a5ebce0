import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimAll, completeAll, tenantApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('GET /v1/tasks/{id}/result'), { skip: await backendSkip() }, () => {
  const api = tenantApi('acme');
  const result = (id: string) => api.inject({ method: 'GET', url: `/v1/tasks/${id}/result` });

  it('answers 404 result-not-ready with position until done, then 200 with the result', async () => {
    const id = await api.submit('echo');
    const pending = await result(id);
    assert.equal(pending.statusCode, 404);
    assert.equal(pending.json().code, 'result-not-ready');
    assert.equal(pending.json().taskStatus, 'queued');
    assert.equal(pending.json().position, 0);
    assert.match(String(pending.headers['retry-after']), /^\d+$/);
    await completeAll(api.store, 'echo', { rows: 3 });
    const done = await result(id);
    assert.equal(done.statusCode, 200);
    assert.deepEqual(done.json(), { rows: 3 });
  });

  it('result-not-ready carries taskStatus, position and, once the type has statistics, estimatedCompletionAt', async () => {
    // One finished echo gives the type duration statistics, so estimates become known.
    await api.submit('echo');
    await completeAll(api.store, 'echo', {});
    const ahead = await api.submit('echo');
    const id = await api.submit('echo');
    const res = await result(id);
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json();
    assert.equal(body.code, 'result-not-ready');
    assert.equal(body.status, 404, '`status` is the HTTP status (RFC 9457)');
    assert.equal(body.taskStatus, 'queued');
    assert.equal(body.taskId, id);
    assert.equal(body.position, 1);
    assert.ok(!Number.isNaN(Date.parse(body.estimatedCompletionAt)), `estimatedCompletionAt: ${body.estimatedCompletionAt}`);
    assert.match(String(res.headers['retry-after']), /^\d+$/);
    // Running: no position (queued only), still an estimate.
    await claimAll(api.store, 'echo');
    const running = (await result(ahead)).json();
    assert.equal(running.taskStatus, 'running');
    assert.equal(running.position, undefined);
    assert.ok(!Number.isNaN(Date.parse(running.estimatedCompletionAt)));
  });

  it('answers 409 task-failed with the task’s error', async () => {
    const id = await api.submit('echo');
    const [claimed] = await claimAll(api.store, 'echo');
    const error = { type: '/errors/handler-error', title: 'x', status: 500, code: 'handler-error', detail: 'boom' };
    await api.store.taskFail({ id, leaseToken: claimed!.leaseToken, error, retryAt: null, now: Date.now(), retentionMs: 60_000 });
    const res = await result(id);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'task-failed');
    assert.equal(res.json().error.detail, 'boom');
  });

  it('answers 409 task-canceled and 410 once destroyed', async () => {
    const id = await api.submit('echo');
    await api.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel` });
    assert.equal((await result(id)).json().code, 'task-canceled');
    await api.inject({ method: 'DELETE', url: `/v1/tasks/${id}` });
    const gone = await result(id);
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.json().code, 'task-gone');
  });
});
