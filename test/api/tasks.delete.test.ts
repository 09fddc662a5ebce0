import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('DELETE /v1/tasks/{id}'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = async () =>
    (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 9 } } })).json().id as string;

  const everyRoute = (id: string) => [
    t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth }),
    t.app.inject({ method: 'GET', url: `/v1/tasks/${id}/result`, headers: auth }),
    t.app.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel`, headers: auth }),
    t.app.inject({ method: 'PATCH', url: `/v1/tasks/${id}`, headers: { ...auth, 'if-match': '*' }, payload: { priority: 1 } }),
    t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth }),
  ];

  it('destroys a task that is not running (204), runs cleanup, then every route answers 410', async () => {
    const id = await submit();
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(res.statusCode, 204);
    assert.equal(t.cleanups.at(-1)?.taskId, id);
    assert.equal(t.cleanups.at(-1)?.reason, 'destroyed');
    assert.deepEqual(t.cleanups.at(-1)?.input, { seconds: 9 });
    for (const r of await Promise.all(everyRoute(id))) {
      assert.equal(r.statusCode, 410, r.body);
      assert.equal(r.json().code, 'task-gone');
    }
  });

  it('runs a task’s cleanup once: a failed or canceled task had its turn, destroying it does not run it again', async () => {
    const failed = await submit();
    const [claimed] = await claimAll(t.store, 'sleep');
    assert.equal(claimed?.task.id, failed);
    const error = { type: '/errors/handler-error', title: 'The task handler failed', status: 500, code: 'handler-error' };
    await t.store.taskFail({ id: failed, leaseToken: claimed!.leaseToken, error, retryAt: null, now: Date.now(), retentionMs: 86_400_000 });
    const canceled = await submit();
    assert.equal((await t.app.inject({ method: 'POST', url: `/v1/tasks/${canceled}/cancel`, headers: auth })).statusCode, 200);
    const before = t.cleanups.length;
    for (const id of [failed, canceled]) {
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth })).statusCode, 204);
    }
    assert.deepEqual(t.cleanups.slice(before).map((c) => c.taskId), [], 'no second cleanup');
    const succeeded = await submit();
    const [running] = await claimAll(t.store, 'sleep');
    await t.store.taskComplete({ id: succeeded, leaseToken: running!.leaseToken, resultJson: null, now: Date.now(), retentionMs: 86_400_000 });
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${succeeded}`, headers: auth })).statusCode, 204);
    assert.deepEqual(t.cleanups.slice(before).map((c) => [c.taskId, c.reason]), [[succeeded, 'destroyed']], 'a succeeded task’s products go');
  });

  it('requests destroy of a running task (202); later calls answer 410', async () => {
    const id = await submit();
    await claimAll(t.store, 'sleep');
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(res.statusCode, 202);
    for (const r of await Promise.all(everyRoute(id))) assert.equal(r.statusCode, 410);
  });
});
