import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createInsertBatcher } from '../../src/operations/insert-batcher.ts';
import type { NewTask, TaskRow } from '../../src/domain/task.ts';
import type { Store } from '../../src/store/store.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// `position` is exact up to limits.positionExactMax, then a declared lower bound; documents are
// serialised once (the ETag digests the bytes sent); plain submissions share commits.

describe(onBackend('task position cap (limits.positionExactMax)'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi((c) => {
      c.limits.positionExactMax = 3;
    });
    auth = await t.key('acme');
  });
  after(() => t.close());

  const submit = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 1 } } });
    assert.equal(res.statusCode, 202);
    return res.json();
  };

  it('counts exactly below the cap and says "at least" from the cap on', async () => {
    const docs = [];
    for (let i = 0; i < 5; i++) docs.push(await submit());
    assert.deepEqual(
      docs.map((d) => [d.position, d.positionIsLowerBound]),
      [[0, undefined], [1, undefined], [2, undefined], [3, true], [3, true]],
    );
    const get = (await t.app.inject({ method: 'GET', url: `/v1/tasks/${docs[4].id}`, headers: auth })).json();
    assert.equal(get.position, 3);
    assert.equal(get.positionIsLowerBound, true);
    const exact = (await t.app.inject({ method: 'GET', url: `/v1/tasks/${docs[1].id}`, headers: auth })).json();
    assert.equal(exact.position, 1);
    assert.equal('positionIsLowerBound' in exact, false);
    const result = await t.app.inject({ method: 'GET', url: `/v1/tasks/${docs[4].id}/result`, headers: auth });
    assert.equal(result.statusCode, 404);
    assert.equal(result.json().position, 3);
    assert.equal(result.json().positionIsLowerBound, true);
  });

  it('the ETag digests exactly the bytes sent', async () => {
    const { id } = await submit();
    const res = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
    const digest = createHash('sha256').update(res.body).digest('base64url').slice(0, 22);
    assert.match(String(res.headers.etag), new RegExp(`^"\\d+-${digest}"$`));
  });

  it('concurrent plain submissions each get their own stored task', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 1 } } }),
      ),
    );
    const ids = new Set<string>();
    for (const res of answers) {
      assert.equal(res.statusCode, 202);
      const doc = res.json();
      ids.add(doc.id);
      const stored = await t.store.taskGet({ tenant: 'acme', id: doc.id });
      assert.equal(stored?.status, 'queued');
      assert.equal(res.headers.location, `/v1/tasks/${doc.id}`);
    }
    assert.equal(ids.size, 40);
  });
});

describe('insert batcher', () => {
  const row = (task: NewTask, seq: number) => ({ ...task, seq }) as unknown as TaskRow;
  const newTask = (id: string) => ({ id }) as NewTask;

  it('inserts the tasks of one turn with one taskInsertMany, in order', async () => {
    const calls: string[][] = [];
    const store = {
      async taskInsertMany({ tasks }: { tasks: NewTask[] }) {
        calls.push(tasks.map((x) => x.id));
        return { tasks: tasks.map((x, i) => row(x, i + 1)) };
      },
      async taskInsert() {
        throw new Error('not expected');
      },
    } as unknown as Store;
    const batcher = createInsertBatcher(store);
    const rows = await Promise.all(['a', 'b', 'c'].map((id) => batcher.insert(newTask(id))));
    assert.deepEqual(calls, [['a', 'b', 'c']]);
    assert.deepEqual(rows.map((r) => [r.id, r.seq]), [['a', 1], ['b', 2], ['c', 3]]);
  });

  it('a failed batch is retried task by task: only the failing request fails', async () => {
    const store = {
      async taskInsertMany() {
        throw new Error('batch failed');
      },
      async taskInsert({ task }: { task: NewTask }) {
        if (task.id === 'bad') throw new Error('conflict');
        return { task: row(task, 7) };
      },
    } as unknown as Store;
    const batcher = createInsertBatcher(store);
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((id) => batcher.insert(newTask(id))));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal((results[1] as PromiseRejectedResult).reason.message, 'conflict');
  });
});
