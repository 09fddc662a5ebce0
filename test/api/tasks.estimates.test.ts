import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { newTasks } from '../helpers/tasks.ts';

// A queued task's estimated start accounts for the attempts of its type running now: when every
// slot is taken, it starts when the first of them is expected to end — from what they report —
// not "now" (it used to ignore them).

describe(onBackend('estimates of a queued task behind running ones'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  test('every slot busy, each at 10 % after 10 s: the queued task starts about 90 s from now, not now', async () => {
    const submit = async () =>
      (await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'sleep', input: { seconds: 100 } } })).json().id as string;
    // Tasks that have been runnable for a while (inserted as the store would hold them).
    const now = Date.now();
    const past = newTasks('acme', 'sleep', 5).map((task) => ({ ...task, runAt: now - 200_000, createdAt: now - 200_000, timeoutSeconds: 600 }));
    await t.store.taskInsertMany({ tasks: past });
    // Duration statistics for the type: one finished attempt of 100 s.
    const [done] = await t.store.taskClaim({ types: ['sleep'], perType: {}, limit: 1, workerId: 'w', leaseMs: 600_000, now: now - 150_000 });
    assert.ok(done);
    await t.store.taskComplete({ id: done.task.id, leaseToken: done.leaseToken, resultJson: null, now: now - 50_000, retentionMs: 86_400_000 });
    // The type's 4 slots (its concurrency) taken by attempts that started 10 s ago and say 10 %.
    const running = await t.store.taskClaim({ types: ['sleep'], perType: {}, limit: 4, workerId: 'w', leaseMs: 600_000, now: now - 10_000 });
    assert.equal(running.length, 4);
    for (const r of running) {
      await t.store.taskProgress({ id: r.task.id, leaseToken: r.leaseToken, percent: 10, message: null, current: null, total: null, now });
    }
    const queued = await submit();
    const doc = (await t.app.inject({ method: 'GET', url: `/v1/tasks/${queued}`, headers: auth })).json();
    assert.equal(doc.status, 'queued');
    assert.equal(doc.position, 0);
    const startsIn = Date.parse(doc.estimatedStartAt) - Date.now();
    // 10 % after 10 s → 100 s in all → about 90 s left (the first slot to free up).
    assert.ok(startsIn > 80_000 && startsIn < 100_000, `estimated to start in ${startsIn} ms`);
    await claimAll(t.store, 'sleep');
  });
});
