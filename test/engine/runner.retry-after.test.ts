import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordAttemptOutcome } from '../../src/engine/attempt-outcome.ts';
import { defineTask, RetryAfter } from '../../src/engine/define-task.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { recordingLogger, startWorker, submit, type TestStore, tempStore, testConfig, waitForStatus } from './fixtures.ts';

// A handler (or a remote worker's report) may name when the next attempt starts: an upstream's
// Retry-After replaces the backoff, capped at tasks.retryMaxSeconds.

describe(onBackend('RetryAfter'), { skip: await backendSkip() }, () => {
  let t: TestStore;
  before(async () => {
    t = await tempStore();
  });
  after(async () => {
    await t.close();
  });

  test('a handler throwing RetryAfter is retried after the delay it named, not the backoff', async () => {
    const starts: number[] = [];
    const polite = defineTask({
      type: 'polite',
      input: { type: 'object' },
      run(_input, ctx) {
        starts.push(Date.now());
        if (ctx.attempt < 3) throw new RetryAfter(0.6, 'upstream busy');
        return { attempt: ctx.attempt };
      },
    });
    // Backoff alone would be ≤ 50 ms here; the named 600 ms must win (cap 10 s).
    const config = testConfig({ tasks: { retryBaseSeconds: 0.05, retryMaxSeconds: 10 } });
    const worker = startWorker({ store: t.store, definitions: [polite], config });
    try {
      const task = await submit(t.store, 'polite', {}, { maxAttempts: 3 });
      const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 10_000);
      assert.equal(done.status, 'succeeded');
      assert.equal(starts.length, 3);
      for (const gap of [starts[1]! - starts[0]!, starts[2]! - starts[1]!]) {
        assert.ok(gap >= 590, `attempts spaced as told: ${gap} ms`);
        assert.ok(gap < 2000, `and not much later: ${gap} ms`);
      }
    } finally {
      await worker.stop();
    }
  });

  test('the rules: retryAfterSeconds sets retryAt exactly, capped; without attempts left the task fails', async () => {
    const config = testConfig({ tasks: { retryBaseSeconds: 1, retryMaxSeconds: 30 } });
    const now = 1_000_000;
    const deps = { store: t.store, config, cleanupOf: () => undefined, logger: recordingLogger(), now: () => now };
    const run = async (maxAttempts: number, retryAfterSeconds: number) => {
      const task = await submit(t.store, 'rules', {}, { maxAttempts });
      const [claimed] = await t.store.taskClaim({ types: ['rules'], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now: Date.now() });
      assert.equal(claimed!.task.id, task.id);
      const recorded = await recordAttemptOutcome(deps, claimed!, { kind: 'failed', message: 'busy', permanent: false, retryAfterSeconds });
      return { recorded, row: (await t.store.taskGet({ tenant: null, id: task.id }))! };
    };
    const soon = await run(3, 7);
    assert.equal(soon.recorded, 'retried');
    assert.equal(soon.row.status, 'pending');
    assert.equal(soon.row.runAt, now + 7000);
    const capped = await run(3, 86_400);
    assert.equal(capped.row.runAt, now + 30_000, 'capped at tasks.retryMaxSeconds');
    const last = await run(1, 7);
    assert.equal(last.recorded, 'failed');
    assert.equal(last.row.status, 'failed');
  });
});
