import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { taskError } from '../../src/engine/task-errors.ts';
import { sleep, startWorker, submit, type TestStore, tempStore, testConfig, waitForStatus } from './fixtures.ts';

// The executor renews every running attempt's lease from one shared timer: leases must stay as
// safe as with one interval per attempt (renewed no later than leaseMs / 3 after they were set).

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

test('one shared heartbeat keeps the leases of several long attempts alive past many lease periods', async () => {
  const slow = defineTask({
    type: 'slow-beat',
    input: { type: 'object' },
    run: async (_input, ctx) => {
      await sleep(2500);
      return { attempt: ctx.attempt };
    },
  });
  const worker = startWorker({ store: t.store, definitions: [slow], config: testConfig({ worker: { leaseSeconds: 0.6 } }) });
  try {
    const tasks = [];
    for (let i = 0; i < 3; i++) {
      tasks.push(await submit(t.store, 'slow-beat', {}));
      await sleep(90); // staggered claims: each lease has its own clock
    }
    // A rescuer that looks all the time: any lease allowed to lapse would be taken away.
    const deadline = Date.now() + 2200;
    while (Date.now() < deadline) {
      const { requeued, failed } = await t.store.taskRescueExpired({ now: Date.now(), error: taskError('lease-expired'), retentionMs: 60_000, limit: 100 });
      assert.deepEqual([...requeued, ...failed].map((r) => r.id), []);
      for (const task of tasks) {
        const row = await t.store.taskGet({ tenant: null, id: task.id });
        if (row?.status === 'running') assert.ok(row.leaseExpiresAt! > Date.now(), 'lease still valid');
      }
      await sleep(25);
    }
    for (const task of tasks) {
      const row = await waitForStatus(t.store, task.id, ['succeeded', 'failed']);
      assert.equal(row.status, 'succeeded');
      assert.equal(row.attempts, 1);
    }
  } finally {
    await worker.stop();
  }
});
