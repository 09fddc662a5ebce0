import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimAll, completeAll, tenantApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('POST /v1/tasks/{id}/cancel'), { skip: await backendSkip() }, () => {
  const api = tenantApi('acme');
  const cancel = (id: string) => api.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel` });

  it('cancels a queued task at once (200) and again is still 200', async () => {
    const id = await api.submit('echo');
    const res = await cancel(id);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'canceled');
    assert.equal(res.json().error.code, 'canceled');
    assert.equal((await cancel(id)).statusCode, 200);
  });

  it('requests cancel of a running task (202, cancelRequested)', async () => {
    const id = await api.submit('echo');
    await claimAll(api.store, 'echo');
    const res = await cancel(id);
    assert.equal(res.statusCode, 202);
    assert.equal(res.json().cancelRequested, true);
    assert.equal(res.json().status, 'running');
  });

  it('answers 409 for a finished task', async () => {
    const id = await api.submit('sync');
    await completeAll(api.store, 'sync', 1);
    const res = await cancel(id);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'task-state-conflict');
  });
});
