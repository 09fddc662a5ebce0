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

  it('requests destroy of a running task (202); later calls answer 410', async () => {
    const id = await submit();
    await claimAll(t.store, 'sleep');
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(res.statusCode, 202);
    for (const r of await Promise.all(everyRoute(id))) assert.equal(r.statusCode, 410);
  });
});
