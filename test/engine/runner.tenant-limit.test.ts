import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { sleep, startWorker, submit, type TestStore, tempStore, testConfig, waitForStatus } from './fixtures.ts';

// worker.tenantConcurrency caps one tenant's running tasks over every runner of the store, not
// per runner: two runners (two stores: as two processes) never run more than the limit together.

describe(onBackend('per-tenant concurrency'), { skip: await backendSkip() }, () => {
  let t: TestStore;
  before(async () => {
    t = await tempStore();
  });
  after(async () => {
    await t.close();
  });

  test('two runners together run at most worker.tenantConcurrency tasks of one tenant', async () => {
    const slow = defineTask({
      type: 'slow',
      input: { type: 'object' },
      async run() {
        await sleep(150);
        return {};
      },
    });
    // Each runner may run two at once, so four could run without the cross-runner count; three
    // running at once means both runners were at it together.
    const config = testConfig({ worker: { tenantConcurrency: 3, concurrency: 2 } });
    const other = await t.openAnother();
    const workers = [startWorker({ store: t.store, definitions: [slow], config }), startWorker({ store: other, definitions: [slow], config })];
    try {
      const tasks = [];
      for (let i = 0; i < 12; i++) tasks.push(await submit(t.store, 'slow', {}));
      let peak = 0;
      const sampling = (async () => {
        for (;;) {
          const { tasks: running } = await t.store.taskList({ tenant: 'acme', statuses: ['running'], limit: 100 });
          peak = Math.max(peak, running.length);
          const { tasks: open } = await t.store.taskList({ tenant: 'acme', statuses: ['queued', 'running', 'pending'], limit: 100 });
          if (open.length === 0) return;
          await sleep(10);
        }
      })();
      for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded'], 15_000);
      await sampling;
      assert.equal(peak, 3, `at most three of acme's tasks ran at once, over both runners (peak ${peak})`);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});
