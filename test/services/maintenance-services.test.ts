import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { taskError } from '../../src/engine/task-errors.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { defineTask } from '../../src/engine/define-task.ts';
import { createLeaseRescuer } from '../../src/services/lease-rescuer.ts';
import { createRetentionCleaner } from '../../src/services/retention-cleaner.ts';
import { createScheduler } from '../../src/services/scheduler.ts';
import { createIntervalService } from '../../src/services/service.ts';
import { recordingLogger, sleep, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from '../engine/fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

const config = testConfig();
const cleanups: { id: string; reason: string }[] = [];
// One type per test, so a test never claims another test's leftover task.
const tidy = (type: string) =>
  defineTask({
    type,
    input: { type: 'object' },
    run: () => null,
    cleanup: (ctx) => {
      cleanups.push({ id: ctx.taskId, reason: ctx.reason });
    },
  });
const registry = createTaskRegistry({ definitions: ['rescue', 'delayed', 'retain', 'destroy'].map(tidy), config });

test('the lease rescuer requeues a task whose lease expired', async () => {
  const logger = recordingLogger();
  const task = await submit(t.store, 'rescue', {});
  const [claimed] = await t.store.taskClaim({ types: ['rescue'], perType: { rescue: 1 }, limit: 1, workerId: 'dead', leaseMs: 200, now: Date.now() });
  assert.equal(claimed?.task.id, task.id);
  const rescuer = createLeaseRescuer({ store: t.store, registry, config, logger, holder: 'node-1' });
  rescuer.start();
  try {
    const requeued = await waitForStatus(t.store, task.id, ['queued'], 2000);
    assert.equal(requeued.leaseToken, null);
    const late = await t.store.taskHeartbeat({ id: task.id, leaseToken: claimed.leaseToken, leaseMs: 1000, now: Date.now() });
    assert.equal(late.ok, false);
  } finally {
    await rescuer.stop();
  }
});

test('the scheduler promotes a delayed task on time', async () => {
  const logger = recordingLogger();
  const runAt = Date.now() + 400;
  const task = await submit(t.store, 'delayed', {}, { runAt });
  assert.equal(task.status, 'pending');
  const scheduler = createScheduler({ store: t.store, logger, holder: 'node-1', maxSleepMs: 1000 });
  scheduler.start();
  try {
    const row = await waitForStatus(t.store, task.id, ['queued'], 2000);
    const promotedAt = Date.now();
    assert.ok(promotedAt >= runAt, 'not before runAt');
    assert.ok(promotedAt - runAt < 150, `promoted ${promotedAt - runAt} ms late`);
    assert.equal(row.status, 'queued');
  } finally {
    await scheduler.stop();
  }
});

test('the retention cleaner purges a finished task to a tombstone and runs its cleanup', async () => {
  const logger = recordingLogger();
  const task = await submit(t.store, 'retain', {});
  const [claimed] = await t.store.taskClaim({ types: ['retain'], perType: { retain: 1 }, limit: 1, workerId: 'w', leaseMs: 5000, now: Date.now() });
  assert.ok(claimed);
  // Finished with a retention of 50 ms: due for purge almost at once.
  await t.store.taskComplete({ id: task.id, leaseToken: claimed.leaseToken, resultJson: null, now: Date.now(), retentionMs: 50 });
  const cleaner = createRetentionCleaner({ store: t.store, registry, config, logger, holder: 'node-1', intervalMs: 50 });
  cleaner.start();
  try {
    const tombstone = await waitFor(() => t.store.tombstoneGet({ tenant: null, id: task.id }), { timeoutMs: 2000, what: 'tombstone' });
    assert.equal(tombstone.reason, 'expired');
    assert.equal(await t.store.taskGet({ tenant: null, id: task.id }), null);
    assert.ok(cleanups.some((c) => c.id === task.id && c.reason === 'expired'));
  } finally {
    await cleaner.stop();
  }
});

test('an interval service: runs never overlap, errors are logged and the loop continues, stop is safe', async () => {
  const logger = recordingLogger();
  let active = 0;
  let overlapped = false;
  let runs = 0;
  const service = createIntervalService({
    name: 'flaky-chore',
    intervalMs: 10,
    logger,
    async run() {
      active++;
      if (active > 1) overlapped = true;
      runs++;
      await sleep(30);
      active--;
      if (runs === 2) throw new Error('chore broke');
      return undefined;
    },
  });
  await service.stop(); // before start: a no-op
  const again = createIntervalService({ name: 'x', intervalMs: 10, logger, run: async () => undefined });
  again.start();
  await again.stop();
  await again.stop();
  service.start();
  service.start();
  await waitFor(() => runs >= 4, { what: 'four runs' });
  await service.stop();
  const after = runs;
  await sleep(60);
  assert.equal(runs, after, 'no run after stop');
  assert.equal(overlapped, false);
  assert.ok(logger.entries.some((e) => e.level === 'error'));
});

test('chore lease: one of two nodes runs the chore; the other takes over when the holder dies', async () => {
  const logger = recordingLogger();
  const ran = { a: 0, b: 0 };
  const chore = (node: 'a' | 'b') =>
    createIntervalService({
      name: 'singleton-chore',
      intervalMs: 50,
      logger,
      chore: { store: t.store, holder: node },
      async run() {
        ran[node]++;
        return undefined;
      },
    });
  const a = chore('a');
  a.start();
  await waitFor(() => ran.a > 0, { what: 'a to run' });
  const b = chore('b');
  b.start();
  await sleep(300);
  assert.equal(ran.b, 0, 'b stays idle while a holds the lease');

  // A dies without releasing: simulate it by stopping its loop and re-taking its lease, as a node
  // that crashed would have left it (held until ttl ≈ 3 × interval).
  await a.stop();
  assert.equal(await t.store.choreLeaseAcquire({ name: 'singleton-chore', holder: 'a', ttlMs: 150, now: Date.now() }), true);
  const diedAt = Date.now();
  await waitFor(() => ran.b > 0, { timeoutMs: 2000, what: 'b to take over' });
  assert.ok(Date.now() - diedAt >= 100, 'not before the lease expired');
  const aRuns = ran.a;
  await b.stop();
  assert.equal(ran.a, aRuns);
});

test('the rescuer finishes a destroy whose runner died', async () => {
  const logger = recordingLogger();
  const task = await submit(t.store, 'destroy', {});
  const [claimed] = await t.store.taskClaim({ types: ['destroy'], perType: { destroy: 1 }, limit: 1, workerId: 'dead', leaseMs: 100, now: Date.now() });
  assert.ok(claimed);
  await t.store.taskRequestDestroy({ tenant: null, id: task.id, now: Date.now() });
  const rescuer = createLeaseRescuer({ store: t.store, registry, config, logger, holder: 'node-2' });
  rescuer.start();
  try {
    const tombstone = await waitFor(() => t.store.tombstoneGet({ tenant: null, id: task.id }), { timeoutMs: 3000, what: 'tombstone' });
    assert.equal(tombstone.reason, 'destroyed');
    assert.ok(cleanups.some((c) => c.id === task.id && c.reason === 'destroyed'));
  } finally {
    await rescuer.stop();
  }
  assert.ok(taskError('destroyed').type === '/errors/destroyed');
});

test('the retention cleaner does not run a failed task’s cleanup again when it purges it', async () => {
  const logger = recordingLogger();
  const task = await submit(t.store, 'retain', {}, { maxAttempts: 1 });
  const [claimed] = await t.store.taskClaim({ types: ['retain'], perType: { retain: 1 }, limit: 1, workerId: 'w', leaseMs: 5000, now: Date.now() });
  assert.equal(claimed?.task.id, task.id);
  const error = taskError('handler-error', 'boom');
  await t.store.taskFail({ id: task.id, leaseToken: claimed!.leaseToken, error, retryAt: null, now: Date.now(), retentionMs: 50 });
  const cleaner = createRetentionCleaner({ store: t.store, registry, config, logger, holder: 'node-1', intervalMs: 50 });
  cleaner.start();
  try {
    await waitFor(() => t.store.tombstoneGet({ tenant: null, id: task.id }), { timeoutMs: 2000, what: 'tombstone' });
    assert.deepEqual(cleanups.filter((c) => c.id === task.id), [], 'its cleanup ran at the failure (the executor), not again at the purge');
  } finally {
    await cleaner.stop();
  }
});
