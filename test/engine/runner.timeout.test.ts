import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { startWorker, submit, type TestStore, tempStore, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

test('a timed-out attempt aborts the signal with reason timeout and is retried', async () => {
  const reasons: unknown[] = [];
  const slowThenFast = defineTask({
    type: 'slow-then-fast',
    input: { type: 'object' },
    async run(_input, ctx) {
      if (ctx.attempt > 1) return 'fast';
      await new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          reasons.push(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      });
    },
  });
  const worker = startWorker({ store: t.store, definitions: [slowThenFast] });
  try {
    // Whole seconds: the PostgreSQL column is an integer, as every submission's timeout is.
    const task = await submit(t.store, 'slow-then-fast', {}, { timeoutSeconds: 1, maxAttempts: 2 });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed']);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 2);
    assert.deepEqual(reasons, ['timeout']);
  } finally {
    await worker.stop();
  }
});

test('a handler that ignores its signal is abandoned: the timeout is recorded anyway', async () => {
  const stubborn = defineTask({
    type: 'stubborn',
    input: { type: 'object' },
    run: () => new Promise(() => {}),
  });
  const worker = startWorker({ store: t.store, definitions: [stubborn], abandonGraceMs: 200 });
  try {
    const started = Date.now();
    const task = await submit(t.store, 'stubborn', {}, { timeoutSeconds: 1, maxAttempts: 1 });
    const failed = await waitForStatus(t.store, task.id, ['failed']);
    assert.equal(failed.error?.code, 'timeout');
    // timeout (1 s) + grace (0.2 s), with the same 1.5 s of headroom as before the timeout was whole seconds.
    assert.ok(Date.now() - started < 2700, 'recorded within timeout + grace');
  } finally {
    await worker.stop();
  }
});
