import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { sleep, startWorker, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

test('runs tasks and records their results and progress', async () => {
  const worker = startWorker({ store: t.store, definitions: BUILTIN_TASKS });
  try {
    const slept = await submit(t.store, 'sleep', { seconds: 0.3 });
    const noop = await submit(t.store, 'noop', {});
    const done = await waitForStatus(t.store, slept.id, ['succeeded']);
    assert.deepEqual(JSON.parse(done.resultJson ?? 'null'), { sleptSeconds: 0.3 });
    assert.equal(done.progress.percent, 100);
    assert.match(done.progress.message ?? '', /slept/);
    assert.equal(done.attempts, 1);
    const noopDone = await waitForStatus(t.store, noop.id, ['succeeded']);
    assert.deepEqual(JSON.parse(noopDone.resultJson ?? 'null'), { ok: true });
  } finally {
    await worker.stop();
  }
});

test('respects per-type concurrency and the global limit', async () => {
  let running = 0;
  let peak = 0;
  const limited = defineTask({
    type: 'limited',
    input: { type: 'object' },
    concurrency: 2,
    async run() {
      running++;
      peak = Math.max(peak, running);
      await sleep(100);
      running--;
      return null;
    },
  });
  const worker = startWorker({ store: t.store, definitions: [limited] });
  try {
    const tasks = await Promise.all(Array.from({ length: 6 }, () => submit(t.store, 'limited', {})));
    for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded']);
    assert.equal(peak, 2);
  } finally {
    await worker.stop();
  }
});

test('claims higher priority first, then submission order', async () => {
  const order: string[] = [];
  const ordered = defineTask<{ name: string }>({
    type: 'ordered',
    input: { type: 'object' },
    concurrency: 1,
    run({ name }) {
      order.push(name);
      return null;
    },
  });
  const low = await submit(t.store, 'ordered', { name: 'low' }, { priority: 0 });
  const first = await submit(t.store, 'ordered', { name: 'high-1' }, { priority: 5 });
  const second = await submit(t.store, 'ordered', { name: 'high-2' }, { priority: 5 });
  const worker = startWorker({ store: t.store, definitions: [ordered] });
  try {
    for (const task of [low, first, second]) await waitForStatus(t.store, task.id, ['succeeded']);
    assert.deepEqual(order, ['high-1', 'high-2', 'low']);
  } finally {
    await worker.stop();
  }
});

test('does not claim while at capacity, and claims right after a slot frees', async () => {
  const config = testConfig({ worker: { concurrency: 1, pollIntervalMs: 5000 } });
  const gate = Promise.withResolvers<void>();
  const gated = defineTask({
    type: 'gated',
    input: { type: 'object' },
    async run() {
      await gate.promise;
      return null;
    },
  });
  const worker = startWorker({ store: t.store, definitions: [gated], config });
  try {
    const a = await submit(t.store, 'gated', {});
    const b = await submit(t.store, 'gated', {});
    await waitFor(() => worker.runner.running() === 1, { what: 'one running' });
    await sleep(150);
    assert.equal((await t.store.taskGet({ tenant: null, id: b.id }))?.status, 'queued');
    gate.resolve();
    // The poll interval is 5 s: finishing in well under it (half, to leave a busy machine room)
    // proves the freed slot triggered the claim, not the next poll.
    const started = Date.now();
    await waitForStatus(t.store, a.id, ['succeeded'], 2500);
    await waitForStatus(t.store, b.id, ['succeeded'], 2500);
    assert.ok(Date.now() - started < 2500, `claimed after ${Date.now() - started} ms (poll interval 5000 ms)`);
  } finally {
    await worker.stop();
  }
});

test('a slot frees when the handler settles: the next claim overlaps a slow outcome write, leases stay within 2 × concurrency', async () => {
  // The real store, with every outcome write held back 300 ms (a slow database for completions).
  let leases = 0;
  let peakLeases = 0;
  const slow = Object.create(t.store) as typeof t.store;
  slow.taskClaim = async (p) => {
    const claimed = await t.store.taskClaim(p);
    leases += claimed.length;
    peakLeases = Math.max(peakLeases, leases);
    return claimed;
  };
  slow.taskComplete = async (p) => {
    await sleep(300);
    const row = await t.store.taskComplete(p);
    leases--;
    return row;
  };
  slow.taskCompleteMany = async (p) => {
    await sleep(300);
    const rows = await t.store.taskCompleteMany(p);
    leases -= p.items.length;
    return rows;
  };
  let running = 0;
  let peakRunning = 0;
  const started: number[] = [];
  const instant = defineTask({
    type: 'instant',
    input: { type: 'object' },
    async run() {
      running++;
      peakRunning = Math.max(peakRunning, running);
      started.push(Date.now());
      await sleep(10);
      running--;
      return null;
    },
  });
  const tasks = await Promise.all(Array.from({ length: 8 }, () => submit(t.store, 'instant', {})));
  const t0 = Date.now();
  // Claiming ahead (runner.prefetch.test.ts) would add leases of its own: this test is about the outcome-write bound.
  const worker = startWorker({ store: slow, definitions: [instant], config: testConfig({ worker: { concurrency: 2, prefetch: 0 } }) });
  try {
    for (const task of tasks) await waitForStatus(t.store, task.id, ['succeeded']);
    assert.equal(peakRunning, 2, 'never more handlers than concurrency');
    assert.equal(peakLeases, 4, 'claims went on while outcomes were written, up to 2 × concurrency leases');
    assert.ok(started.filter((at) => at - t0 < 250).length >= 3, `a third handler started before the first outcome was written (${started.map((at) => at - t0)})`);
  } finally {
    await worker.stop();
  }
});
