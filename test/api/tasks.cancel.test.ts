import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimAll, completeAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('POST /v1/tasks/{id}/cancel'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = async (type: string) => (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type, input: {} } })).json().id as string;
  const cancel = (id: string) => t.app.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel`, headers: auth });

  it('cancels a queued task at once (200) and again is still 200', async () => {
    const id = await submit('echo');
    const res = await cancel(id);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'canceled');
    assert.equal(res.json().error.code, 'canceled');
    assert.equal((await cancel(id)).statusCode, 200);
  });

  it('requests cancel of a running task (202, cancelRequested)', async () => {
    const id = await submit('echo');
    await claimAll(t.store, 'echo');
    const res = await cancel(id);
    assert.equal(res.statusCode, 202);
    assert.equal(res.json().cancelRequested, true);
    assert.equal(res.json().status, 'running');
  });

  it('answers 409 for a finished task', async () => {
    const id = await submit('sync');
    await completeAll(t.store, 'sync', 1);
    const res = await cancel(id);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'task-state-conflict');
  });
});
