import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewTask } from '../../src/domain/task.ts';
import { createWriteBatcher } from '../../src/engine/write-batcher.ts';
import type { TaskCompleteParams } from '../../src/store/attempt-store.ts';
import { backendSkip, onBackend, tempStore } from '../helpers/backend.ts';

/** A batcher over plain functions that record what they were called with. */
function recording(options: { maxBatch?: number; key?: (item: string) => string; onBatchFailure?: 'reject' | 'retry-each'; failMany?: boolean; failOne?: (item: string) => boolean } = {}) {
  const calls: { kind: 'many' | 'one'; items: string[] }[] = [];
  const batcher = createWriteBatcher<string, string>({
    many: async (items) => {
      calls.push({ kind: 'many', items: [...items] });
      if (options.failMany) throw new Error('batch failed');
      return items.map((i) => `many:${i}`);
    },
    one: async (item) => {
      calls.push({ kind: 'one', items: [item] });
      if (options.failOne?.(item)) throw new Error(`failed ${item}`);
      return `one:${item}`;
    },
    maxBatch: options.maxBatch ?? 100,
    key: options.key,
    onBatchFailure: options.onBatchFailure ?? 'reject',
  });
  return { batcher, calls };
}

const storeSkip = await backendSkip();

describe('write batcher', () => {
  test('the writes of one turn go to one call of the plural method; each caller gets its own result', async () => {
    const { batcher, calls } = recording();
    const results = await Promise.all(['a', 'b', 'c'].map((i) => batcher.write(i)));
    assert.deepEqual(results, ['many:a', 'many:b', 'many:c']);
    assert.deepEqual(calls, [{ kind: 'many', items: ['a', 'b', 'c'] }]);
  });

  test('a turn with a single write uses the singular method; later turns get batches of their own', async () => {
    const { batcher, calls } = recording();
    assert.equal(await batcher.write('a'), 'one:a');
    assert.deepEqual(await Promise.all([batcher.write('b'), batcher.write('c')]), ['many:b', 'many:c']);
    assert.deepEqual(calls, [
      { kind: 'one', items: ['a'] },
      { kind: 'many', items: ['b', 'c'] },
    ]);
  });

  test('maxBatch bounds a batch: the rest of the turn goes in further batches, in order', async () => {
    const { batcher, calls } = recording({ maxBatch: 2 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((i) => batcher.write(i)));
    assert.deepEqual(results, ['many:a', 'many:b', 'many:c', 'many:d', 'one:e']);
    assert.deepEqual(calls.map((c) => c.items), [['a', 'b'], ['c', 'd'], ['e']]);
  });

  test('with a key, a key occurs at most once per batch; a repeat waits for the next batch', async () => {
    const { batcher, calls } = recording({ key: (item) => item.split(':')[0]! });
    const results = await Promise.all(['x:1', 'y:1', 'x:2', 'z:1', 'x:3'].map((i) => batcher.write(i)));
    assert.deepEqual(results, ['many:x:1', 'many:y:1', 'one:x:2', 'many:z:1', 'one:x:3']);
    assert.deepEqual(calls.map((c) => c.items), [['x:1', 'y:1', 'z:1'], ['x:2'], ['x:3']]);
  });

  test("'reject': a failed batch rejects every caller of that batch with its error", async () => {
    const { batcher, calls } = recording({ failMany: true });
    const settled = await Promise.allSettled(['a', 'b'].map((i) => batcher.write(i)));
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
    for (const s of settled) assert.match(String((s as PromiseRejectedResult).reason), /batch failed/);
    assert.deepEqual(calls, [{ kind: 'many', items: ['a', 'b'] }]);
  });

  test("'retry-each': a failed batch retries each item alone, so each caller gets its own outcome", async () => {
    const { batcher, calls } = recording({ failMany: true, onBatchFailure: 'retry-each', failOne: (i) => i === 'b' });
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((i) => batcher.write(i)));
    assert.deepEqual(settled[0], { status: 'fulfilled', value: 'one:a' });
    assert.equal(settled[1]!.status, 'rejected');
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /failed b/);
    assert.deepEqual(settled[2], { status: 'fulfilled', value: 'one:c' });
    assert.deepEqual(calls.map((c) => c.kind), ['many', 'one', 'one', 'one']);
  });

  test('a plural method answering the wrong number of results fails the batch instead of answering undefined', async () => {
    const batcher = createWriteBatcher<string, string>({
      many: async () => ['only one'],
      one: async (item) => item,
      maxBatch: 10,
      onBatchFailure: 'reject',
    });
    const settled = await Promise.allSettled([batcher.write('a'), batcher.write('b')]);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
    assert.throws(() => createWriteBatcher({ many: async () => [], one: async () => 0, maxBatch: 0, onBatchFailure: 'reject' }), RangeError);
  });

  test(onBackend('over a real store: completions of one turn, a repeated one finds the lease gone'), { skip: storeSkip }, async () => {
    const { store, close } = await tempStore();
    try {
      const now = Date.now();
      const tasks: NewTask[] = Array.from({ length: 3 }, (_, i) => ({
        id: `tsk_batch_${i}`, tenant: 't', type: 'batched', status: 'queued', customId: null, priority: 0, inputJson: '{}',
        metadata: null, fingerprint: 'f', runAt: now, timeoutSeconds: 30, maxAttempts: 1, callbackUrl: null,
        createdAt: now, expiresAt: now + 3_600_000,
      }));
      await store.taskInsertMany({ tasks });
      const claimed = await store.taskClaim({ types: ['batched'], perType: {}, limit: 3, workerId: 'w', leaseMs: 30_000, now });
      const completions = createWriteBatcher<TaskCompleteParams, Awaited<ReturnType<typeof store.taskComplete>>>({
        many: (items) => store.taskCompleteMany({ items }),
        one: (item) => store.taskComplete(item),
        maxBatch: 500,
        key: (item) => item.id,
        onBatchFailure: 'reject',
      });
      const item = (i: number) => ({ id: claimed[i]!.task.id, leaseToken: claimed[i]!.leaseToken, resultJson: `{"i":${i}}`, now: now + 50, retentionMs: 1000 });
      const rows = await Promise.all([completions.write(item(0)), completions.write(item(1)), completions.write(item(0)), completions.write(item(2))]);
      assert.deepEqual(rows.map((r) => r?.resultJson ?? null), ['{"i":0}', '{"i":1}', null, '{"i":2}']);
      assert.deepEqual(await store.typeStatsGet({ type: 'batched' }), { count: 3, meanMs: 50 });
    } finally {
      await close();
    }
  });
});
