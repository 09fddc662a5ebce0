import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { sleep, startWorker, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from './fixtures.ts';

// Claiming ahead of free slots (src/engine/claim-window.ts): short handlers are claimed in batches
// larger than the free slots, still run at most `concurrency` at a time, and what never started
// is released on stop; long handlers are claimed for free slots only.

describe(onBackend('claiming ahead of free slots'), { skip: await backendSkip() }, () => {
  let t: TestStore;
  before(async () => {
    t = await tempStore();
  });
  after(async () => {
    await t.close();
  });

  /** The real store, with every claim's size recorded. */
  const recordingClaims = () => {
    const sizes: number[] = [];
    const store = Object.create(t.store) as typeof t.store;
    store.taskClaim = async (p) => {
      const claimed = await t.store.taskClaim(p);
      sizes.push(claimed.length);
      return claimed;
    };
    return { store, sizes };
  };

  test('short handlers: claims larger than the free slots, never more handlers than concurrency', async () => {
    let running = 0;
    let peak = 0;
    const quick = defineTask({
      type: 'quick',
      input: { type: 'object' },
      async run() {
        running++;
        peak = Math.max(peak, running);
        await Promise.resolve();
        running--;
        return null;
      },
    });
    const { store, sizes } = recordingClaims();
    const tasks = await Promise.all(Array.from({ length: 400 }, () => submit(t.store, 'quick', {})));
    const worker = startWorker({ store, definitions: [quick], config: testConfig({ worker: { concurrency: 4, prefetch: 64 } }) });
    try {
      for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded']);
      assert.ok(peak <= 4, `at most 4 handlers at once (peak ${peak})`);
      assert.ok(Math.max(...sizes) > 8, `a claim took more than the free slots and the outcome bound (claims: ${sizes.join(',')})`);
      assert.ok(Math.max(...sizes) <= 4 + 64, `no claim beyond concurrency + prefetch (claims: ${sizes.join(',')})`);
      assert.ok(sizes.filter((n) => n > 0).length < 400 / 8, `fewer claims than with claims of 2 × concurrency (${sizes.filter((n) => n > 0).length})`);
      for (const task of tasks) assert.equal((await t.store.taskGet({ tenant: null, id: task.id }))?.attempts, 1);
    } finally {
      await worker.stop();
    }
  });

  test('prefetch 0: every claim is for free slots only', async () => {
    const quick0 = defineTask({ type: 'quick0', input: { type: 'object' }, run: async () => null });
    const { store, sizes } = recordingClaims();
    const tasks = await Promise.all(Array.from({ length: 100 }, () => submit(t.store, 'quick0', {})));
    const worker = startWorker({ store, definitions: [quick0], config: testConfig({ worker: { concurrency: 4, prefetch: 0 } }) });
    try {
      for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded']);
      assert.ok(Math.max(...sizes) <= 8, `claims within 2 × concurrency (claims: ${sizes.join(',')})`);
    } finally {
      await worker.stop();
    }
  });

  test('long handlers are claimed for free slots only', async () => {
    const slow = defineTask({ type: 'slow', input: { type: 'object' }, run: () => sleep(150).then(() => null) });
    const { store, sizes } = recordingClaims();
    const tasks = await Promise.all(Array.from({ length: 8 }, () => submit(t.store, 'slow', {})));
    const worker = startWorker({ store, definitions: [slow], config: testConfig({ worker: { concurrency: 2, prefetch: 64 } }) });
    try {
      for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded'], 10_000);
      // 2 slots × 50 ms of work ÷ 150 ms a handler: less than one task ahead.
      assert.ok(Math.max(...sizes) <= 2, `no claim beyond the free slots (claims: ${sizes.join(',')})`);
    } finally {
      await worker.stop();
    }
  });

  test('on stop, tasks claimed ahead that never started go back to the queue, their attempt not counted', async () => {
    const gate = Promise.withResolvers<void>();
    let runs = 0;
    const gated = defineTask({
      type: 'gated-quick',
      input: { type: 'object' },
      async run(_input, ctx) {
        // The first ten are quick (the runner times the type as short); the eleventh blocks its
        // only slot until the shutdown aborts it, while the runner claims ahead behind it.
        if (++runs > 10) await Promise.race([gate.promise, new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))]);
        return null;
      },
    });
    const first = await Promise.all(Array.from({ length: 10 }, () => submit(t.store, 'gated-quick', {})));
    const worker = startWorker({ store: t.store, definitions: [gated], config: testConfig({ worker: { concurrency: 1, prefetch: 32 } }) });
    let stopped = false;
    try {
      for (const task of first) await waitForStatus(t.store, task.id, ['succeeded']);
      const rest = await Promise.all(Array.from({ length: 40 }, () => submit(t.store, 'gated-quick', {})));
      // One runs (blocked) and more are leased to this runner than it runs: they wait here.
      const leased = async () => (await Promise.all(rest.map((r) => t.store.taskGet({ tenant: null, id: r.id })))).filter((r) => r?.status === 'running');
      await waitFor(async () => (await leased()).length > 1, { what: 'tasks claimed ahead of the blocked slot' });
      assert.equal(runs, 11, 'only one of them started');
      await worker.stop();
      stopped = true;
      const after = await Promise.all(rest.map((r) => t.store.taskGet({ tenant: null, id: r.id })));
      assert.equal(after.filter((r) => r?.status === 'running').length, 0, 'nothing left leased to a stopped runner');
      const neverStarted = after.filter((r) => r?.status === 'queued');
      assert.ok(neverStarted.length >= 39, `the tasks that never started are queued again (${neverStarted.length})`);
      for (const r of neverStarted) assert.equal(r?.attempts, 0, `${r?.id}: a release does not count an attempt`);
    } finally {
      gate.resolve();
      if (!stopped) await worker.stop();
    }
  });
});
