import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadTaskModules } from '../../src/engine/task-registry.ts';
import { startWorker, submit, type TestStore, tempStore, waitFor, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

const modules = await loadTaskModules(['./cpu-spin.ts'], import.meta.dirname);

test('a cpu type runs in a thread: the main thread keeps serving timers meanwhile, and progress arrives', async () => {
  const worker = startWorker({ store: t.store, modules });
  // A 5 ms ticker on the main thread, recording when it ran. Only its ticks relative to the same
  // run are judged (no absolute lag bound, which a busy machine can exceed): a spin on the main
  // thread would stop it for the whole spin; in a thread it keeps ticking through it.
  const ticks: number[] = [];
  const ticker = setInterval(() => ticks.push(Date.now()), 5);
  try {
    const task = await submit(t.store, 'spin', { ms: 1000, checkSignal: false });
    const midway = await waitFor(async () => {
      const row = await t.store.taskGet({ tenant: null, id: task.id });
      return row?.progress.message === 'spinning' ? row : null;
    }, { what: 'progress from the thread' });
    assert.equal(midway.progress.message, 'spinning');
    const done = await waitForStatus(t.store, task.id, ['succeeded']);
    clearInterval(ticker);
    assert.ok((JSON.parse(done.resultJson ?? '{}') as { spins: number }).spins > 0);
    assert.equal(done.progress.percent, 100);

    // The spin ran between startedAt and finishedAt (both written on the main thread).
    const from = done.startedAt!;
    const to = done.finishedAt!;
    const window = to - from;
    assert.ok(window >= 1000, `the spin took its 1000 ms (${window} ms)`);
    const during = ticks.filter((at) => at >= from && at <= to);
    const gaps = [from, ...during, to].slice(1).map((at, i) => at - ([from, ...during, to][i] ?? at));
    const longest = Math.max(...gaps);
    assert.ok(during.length >= 10, `the main thread ticked ${during.length} times during the ${window} ms spin`);
    assert.ok(longest < window / 2, `the main thread stood still for ${longest} ms of the ${window} ms spin`);
  } finally {
    clearInterval(ticker);
    await worker.stop();
  }
});

test('abort reaches the thread; a thread that ignores it is terminated and replaced', async () => {
  const worker = startWorker({ store: t.store, modules, abandonGraceMs: 3000 });
  try {
    const polite = await submit(t.store, 'spin', { ms: 10_000, checkSignal: true }, { timeoutSeconds: 1, maxAttempts: 1 });
    const failed = await waitForStatus(t.store, polite.id, ['failed'], 3700);
    assert.equal(failed.error?.code, 'timeout');
    const rude = await submit(t.store, 'spin', { ms: 10_000, checkSignal: false }, { timeoutSeconds: 1, maxAttempts: 1 });
    const alsoFailed = await waitForStatus(t.store, rude.id, ['failed'], 5700);
    assert.equal(alsoFailed.error?.code, 'timeout');
    // The pool still works afterwards.
    const after = await submit(t.store, 'spin', { ms: 10, checkSignal: false });
    await waitForStatus(t.store, after.id, ['succeeded'], 3000);
  } finally {
    await worker.stop();
  }
});

test('a crashing thread fails the attempt (retryable) and is replaced; PermanentFailure crosses threads', async () => {
  const worker = startWorker({ store: t.store, modules });
  try {
    const task = await submit(t.store, 'crash', {}, { maxAttempts: 2 });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 5000);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 2);
    const hopeless = await submit(t.store, 'hopeless-cpu', {}, { maxAttempts: 3 });
    const failed = await waitForStatus(t.store, hopeless.id, ['failed'], 3000);
    assert.equal(failed.error?.code, 'permanent-failure');
    assert.equal(failed.attempts, 1);
  } finally {
    await worker.stop();
  }
});

test('the example word-count module runs in the pool', async () => {
  const wordCount = await loadTaskModules(['./examples/task-module/word-count.ts'], `${import.meta.dirname}/../..`);
  const worker = startWorker({ store: t.store, modules: wordCount });
  try {
    const task = await submit(t.store, 'word-count', { text: 'the cat and the hat\nthe end' });
    const done = await waitForStatus(t.store, task.id, ['succeeded'], 3000);
    const result = JSON.parse(done.resultJson ?? '{}');
    assert.equal(result.words, 7);
    assert.equal(result.lines, 2);
    assert.deepEqual(result.topWords[0], { word: 'the', count: 3 });
  } finally {
    await worker.stop();
  }
});
