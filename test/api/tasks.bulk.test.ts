import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';

describe('POST /v1/tasks/bulk', () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi((c) => {
      c.limits.bulkMaxTasks = 1000;
    });
    auth = await t.key('acme');
  });
  after(() => t.close());

  const bulk = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers: auth, payload });

  it('answers each item with the status it would get alone, in order', async () => {
    await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, customId: 'dup' } });
    const res = await bulk({
      tasks: [
        { type: 'echo', input: { i: 0 } },
        { type: 'sleep', input: { seconds: 'x' } },
        { type: 'echo', input: {}, customId: 'dup' },
        { type: 'echo', input: { other: 1 }, customId: 'dup' },
        { type: 'nope', input: {} },
        { type: 'echo', input: { i: 5 } },
      ],
    });
    assert.equal(res.statusCode, 202);
    const items = res.json().items;
    assert.deepEqual(items.map((i: { status: number }) => i.status), [202, 422, 200, 409, 422, 202]);
    assert.deepEqual(items.map((i: { index: number }) => i.index), [0, 1, 2, 3, 4, 5]);
    assert.equal(items[1].error.errors[0].pointer, '/input/seconds');
    assert.match(items[0].task.id, /^tsk_/);
    assert.equal(items[3].error.code, 'custom-id-conflict');
  });

  it('atomic: one invalid item → 422 bulk-item-invalid naming the index, nothing created', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/v1/tasks?limit=500', headers: auth })).json().items.length;
    const res = await bulk({ atomic: true, tasks: [{ type: 'echo', input: {} }, { type: 'echo', input: {}, priority: 'high' }] });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'bulk-item-invalid');
    assert.equal(res.json().index, 1);
    const dupes = await bulk({ atomic: true, tasks: [{ type: 'echo', input: {}, customId: 'a1' }, { type: 'echo', input: { x: 1 }, customId: 'a1' }] });
    assert.equal(dupes.statusCode, 422);
    assert.equal(dupes.json().index, 1);
    const after = (await t.app.inject({ method: 'GET', url: '/v1/tasks?limit=500', headers: auth })).json().items.length;
    assert.equal(after, before);
  });

  it('atomic: all valid → all created', async () => {
    const res = await bulk({ atomic: true, tasks: Array.from({ length: 50 }, (_, i) => ({ type: 'echo', input: { i } })) });
    assert.equal(res.statusCode, 202);
    assert.ok(res.json().items.every((i: { status: number }) => i.status === 202));
  });

  it('refuses more than the limit with 413 and an empty list with 422', async () => {
    const tooMany = await bulk({ tasks: Array.from({ length: 1001 }, () => ({ type: 'echo', input: {} })) });
    assert.equal(tooMany.statusCode, 413);
    assert.equal((await bulk({ tasks: [] })).statusCode, 422);
  });

  it('creates 1000 tasks in one request quickly', async () => {
    const started = performance.now();
    const res = await bulk({ tasks: Array.from({ length: 1000 }, (_, i) => ({ type: 'echo', input: { i } })) });
    const ms = performance.now() - started;
    assert.equal(res.statusCode, 202);
    assert.equal(res.json().items.length, 1000);
    assert.ok(ms < 2000, `${ms} ms`);
  });
});
