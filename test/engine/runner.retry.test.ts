import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask, PermanentFailure } from '../../src/engine/define-task.ts';
import { retryDelayMs } from '../../src/engine/backoff.ts';
import { startWorker, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

test('backoff grows exponentially, is capped, and uses full jitter', () => {
  assert.equal(retryDelayMs(1, 2, 3600, () => 0.999999), 1999);
  assert.equal(retryDelayMs(3, 2, 3600, () => 0.5), 4000);
  assert.equal(retryDelayMs(40, 2, 60, () => 1), 60_000);
  assert.equal(retryDelayMs(5, 2, 3600, () => 0), 0);
});

test('a throwing handler is retried until it succeeds', async () => {
  const seen: number[] = [];
  const flaky = defineTask({
    type: 'flaky',
    input: { type: 'object' },
    run(_input, ctx) {
      seen.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error(`boom ${ctx.attempt}`);
      return { attempt: ctx.attempt };
    },
  });
  const worker = startWorker({ store: t.store, definitions: [flaky] });
  try {
    const task = await submit(t.store, 'flaky', {}, { maxAttempts: 3 });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed']);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(done.attempts, 3);
  } finally {
    await worker.stop();
  }
});

test('the last failure is final, with the error recorded and cleanup called once', async () => {
  const cleanups: string[] = [];
  const broken = defineTask({
    type: 'broken',
    input: { type: 'object' },
    run() {
      throw new Error('always broken');
    },
    cleanup(ctx) {
      cleanups.push(ctx.reason);
    },
  });
  const worker = startWorker({ store: t.store, definitions: [broken] });
  try {
    const task = await submit(t.store, 'broken', {}, { maxAttempts: 2 });
    const failed = await waitForStatus(t.store, task.id, ['failed']);
    assert.equal(failed.attempts, 2);
    assert.equal(failed.error?.code, 'handler-error');
    assert.equal(failed.error?.detail, 'always broken');
    await waitFor(() => cleanups.length > 0, { what: 'cleanup' });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(cleanups, ['failed']);
  } finally {
    await worker.stop();
  }
});

test('PermanentFailure fails the task at once', async () => {
  let runs = 0;
  const hopeless = defineTask({
    type: 'hopeless',
    input: { type: 'object' },
    run() {
      runs++;
      throw new PermanentFailure('input can never work');
    },
  });
  const worker = startWorker({ store: t.store, definitions: [hopeless] });
  try {
    const task = await submit(t.store, 'hopeless', {}, { maxAttempts: 5 });
    const failed = await waitForStatus(t.store, task.id, ['failed']);
    assert.equal(failed.attempts, 1);
    assert.equal(runs, 1);
    assert.equal(failed.error?.code, 'permanent-failure');
  } finally {
    await worker.stop();
  }
});

test('a result over limits.resultBytes fails with a clear error', async () => {
  const big = defineTask({ type: 'big', input: { type: 'object' }, run: () => 'x'.repeat(2000) });
  const worker = startWorker({ store: t.store, definitions: [big], config: testConfig({ limits: { resultBytes: 1000 } }) });
  try {
    const task = await submit(t.store, 'big', {});
    const failed = await waitForStatus(t.store, task.id, ['failed']);
    assert.match(failed.error?.detail ?? '', /over the 1000-byte limit/);
  } finally {
    await worker.stop();
  }
});
