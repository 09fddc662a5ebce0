import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('GET /v1/tasks'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  const ids: string[] = [];
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/tasks',
        headers: auth,
        payload: { type: i % 2 ? 'echo' : 'sleep', input: { seconds: 1 }, metadata: { user: i < 3 ? 'ann' : 'bob' }, customId: `c-${i}` },
      });
      ids.push(res.json().id);
    }
  });
  after(() => t.close());

  const list = (query: string) => t.app.inject({ method: 'GET', url: `/v1/tasks${query}`, headers: auth });

  it('answers a cursor it did not issue with 422 pointing at /query/cursor, never 500', async () => {
    const forged = [
      'garbage',
      Buffer.from('seq:abc').toString('base64url'),
      Buffer.from('seq:1;drop').toString('base64url'),
      'a'.repeat(600),
      '%%%',
      '',
    ];
    for (const cursor of forged) {
      const res = await list(`?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(res.statusCode, 422, `${cursor.slice(0, 20)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().code, 'validation-failed');
      assert.equal(res.json().errors[0].pointer, '/query/cursor');
    }
    // A real cursor still pages.
    const first = (await list('?limit=2')).json();
    const next = await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    assert.equal(next.statusCode, 200);
    assert.equal(next.json().items.length, 2);
  });

  it('lists newest first with cursor pagination', async () => {
    const first = (await list('?limit=2')).json();
    assert.deepEqual(first.items.map((i: { id: string }) => i.id), [ids[4], ids[3]]);
    assert.ok(first.nextCursor);
    const second = (await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    assert.deepEqual(second.items.map((i: { id: string }) => i.id), [ids[2], ids[1]]);
  });

  it('filters by status, type, customId and metadata', async () => {
    assert.equal((await list('?type=echo')).json().items.length, 2);
    assert.deepEqual((await list('?customId=c-3')).json().items.map((i: { id: string }) => i.id), [ids[3]]);
    assert.equal((await list('?status=queued,running&metadata.user=ann')).json().items.length, 3);
    assert.equal((await list('?status=succeeded')).json().items.length, 0);
    const after = new Date(Date.now() + 60_000).toISOString();
    assert.equal((await list(`?createdAfter=${after}`)).json().items.length, 0);
  });

  it('rejects bad query parameters with 422 and /query pointers', async () => {
    const status = await list('?status=bogus');
    assert.equal(status.statusCode, 422);
    assert.equal(status.json().errors[0].pointer, '/query/status');
    const limit = await list('?limit=100000');
    assert.equal(limit.statusCode, 422);
    assert.equal(limit.json().errors[0].pointer, '/query/limit');
    const unknown = await list('?colour=red');
    assert.equal(unknown.statusCode, 422);
  });
});
