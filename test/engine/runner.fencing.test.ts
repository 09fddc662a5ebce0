import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { taskError } from '../../src/engine/task-errors.ts';
import { startWorker, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

test('a runner whose lease was rescued and re-claimed cannot record its late outcome', async () => {
  const gateA = Promise.withResolvers<void>();
  const runsBy: string[] = [];
  const make = (name: string, wait: Promise<void> | null) =>
    defineTask({
      type: 'contested',
      input: { type: 'object' },
      // One at a time, so stalled runner A cannot claim the requeued task itself.
      concurrency: 1,
      async run() {
        runsBy.push(name);
        // Runner A ignores its signal on purpose: it behaves like a stalled process that wakes up late.
        if (wait) await wait;
        return { by: name };
      },
    });
  const workerA = startWorker({
    store: t.store,
    definitions: [make('A', gateA.promise)],
    workerId: 'wrk-a',
    abandonGraceMs: 5000,
    config: testConfig({ worker: { leaseSeconds: 1 } }),
  });
  const task = await submit(t.store, 'contested', {}, { maxAttempts: 3 });
  const running = await waitForStatus(t.store, task.id, ['running']);
  const tokenA = running.leaseToken;
  assert.ok(tokenA);

  // Pretend A stopped heartbeating: the rescuer, run just past any lease A could hold, requeues the
  // task (runAt = that moment, about a second from now) and clears A's lease.
  const rescued = await t.store.taskRescueExpired({
    now: Date.now() + 1010,
    error: taskError('lease-expired'),
    retentionMs: 60_000,
    limit: 10,
  });
  assert.deepEqual(rescued.requeued.map((r) => r.id), [task.id]);

  const workerB = startWorker({ store: t.store, definitions: [make('B', null)], workerId: 'wrk-b' });
  try {
    const done = await waitForStatus(t.store, task.id, ['succeeded']);
    assert.deepEqual(JSON.parse(done.resultJson ?? 'null'), { by: 'B' });
    assert.equal(done.attempts, 2);

    // A's late completion is refused by the store...
    const late = await t.store.taskComplete({ id: task.id, leaseToken: tokenA, resultJson: '{"by":"A"}', now: Date.now(), retentionMs: 60_000 });
    assert.equal(late, null);
    // ...and when A's handler finally returns, its runner records nothing.
    gateA.resolve();
    await waitFor(() => workerA.runner.running() === 0, { what: 'A to finish' });
    assert.ok(workerA.logger.entries.some((e) => /lease lost/.test(e.msg ?? '')));
    const final = await t.store.taskGet({ tenant: null, id: task.id });
    assert.deepEqual(JSON.parse(final?.resultJson ?? 'null'), { by: 'B' });
    assert.deepEqual(runsBy, ['A', 'B']);
  } finally {
    await workerA.stop();
    await workerB.stop();
  }
});
