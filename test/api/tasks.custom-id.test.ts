import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('customId'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload });

  it('returns the existing task for the same body (200, Idempotent-Replayed)', async () => {
    const first = await submit({ type: 'echo', input: { n: 1 }, customId: 'export-7' });
    assert.equal(first.statusCode, 202);
    assert.equal(first.json().customId, 'export-7');
    const again = await submit({ type: 'echo', input: { n: 1 }, customId: 'export-7' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().id, first.json().id);
  });

  it('answers 409 custom-id-conflict naming the task for another body', async () => {
    const first = await submit({ type: 'echo', input: { n: 1 }, customId: 'export-8' });
    const other = await submit({ type: 'echo', input: { n: 2 }, customId: 'export-8' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'custom-id-conflict');
    assert.equal(other.json().taskId, first.json().id);
  });

  it('resolves concurrent submissions of one customId to one task', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => submit({ type: 'echo', input: {}, customId: 'race' })));
    const ids = new Set(results.map((r) => r.json().id));
    assert.equal(ids.size, 1);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 202]);
  });

  it('is scoped per tenant', async () => {
    const other = await t.key('globex');
    await submit({ type: 'echo', input: {}, customId: 'shared' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: other, payload: { type: 'echo', input: { x: 1 }, customId: 'shared' } });
    assert.equal(res.statusCode, 202);
  });
});
