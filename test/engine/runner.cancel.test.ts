import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { taskError } from '../../src/engine/task-errors.ts';
import type { Store } from '../../src/store/store.ts';
import { startWorker, submit, type TestStore, tempStore, testConfig, waitFor, waitForStatus } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await tempStore();
});
after(async () => {
  await t.close();
});

function waitingType(type: string) {
  const aborted = new Map<string, { at: number; reason: unknown }>();
  const started = new Set<string>();
  const cleanups: { id: string; reason: string }[] = [];
  const definition = defineTask({
    type,
    input: { type: 'object' },
    run: (_input, ctx) =>
      new Promise((_resolve, reject) => {
        started.add(ctx.taskId);
        ctx.signal.addEventListener('abort', () => {
          aborted.set(ctx.taskId, { at: Date.now(), reason: ctx.signal.reason });
          reject(ctx.signal.reason);
        });
      }),
    cleanup(ctx) {
      cleanups.push({ id: ctx.taskId, reason: ctx.reason });
    },
  });
  return { definition, aborted, started, cleanups };
}

const cancel = (store: Store, id: string) =>
  store.taskCancel({ tenant: null, id, error: taskError('canceled', 'by test'), now: Date.now(), retentionMs: 60_000 });

test('canceling a running task aborts its signal within 1 s; it ends canceled and cleanup runs', async () => {
  const kind = waitingType('wait-cancel');
  const worker = startWorker({ store: t.store, definitions: [kind.definition] });
  try {
    const task = await submit(t.store, 'wait-cancel', {});
    await waitFor(() => kind.started.has(task.id), { what: 'handler start' });
    const requestedAt = Date.now();
    const answer = await cancel(t.store, task.id);
    assert.equal(answer?.outcome, 'requested');
    const abort = await waitFor(() => kind.aborted.get(task.id), { timeoutMs: 1000, what: 'abort' });
    assert.equal(abort.reason, 'canceled');
    assert.ok(abort.at - requestedAt < 1000);
    const row = await waitForStatus(t.store, task.id, ['canceled']);
    assert.equal(row.error?.code, 'canceled');
    await waitFor(() => kind.cleanups.length === 1, { what: 'cleanup' });
    assert.deepEqual(kind.cleanups, [{ id: task.id, reason: 'canceled' }]);
  } finally {
    await worker.stop();
  }
});

test('a cancel issued through another store instance (another process) is noticed by the watcher', async () => {
  const kind = waitingType('wait-cross');
  // A long lease: heartbeats (every leaseMs/3) must not be what notices the cancel.
  const config = testConfig({ worker: { leaseSeconds: 30, pollIntervalMs: 100 } });
  const worker = startWorker({ store: t.store, definitions: [kind.definition], config });
  const other = await t.openAnother();
  try {
    const task = await submit(t.store, 'wait-cross', {});
    await waitFor(() => kind.started.has(task.id), { what: 'handler start' });
    const requestedAt = Date.now();
    assert.equal((await cancel(other, task.id))?.outcome, 'requested');
    const abort = await waitFor(() => kind.aborted.get(task.id), { timeoutMs: 1000, what: 'abort' });
    assert.ok(abort.at - requestedAt < 1000);
    await waitForStatus(t.store, task.id, ['canceled']);
    await waitFor(() => kind.cleanups.length === 1, { what: 'cleanup' });
  } finally {
    await worker.stop();
  }
});

test('destroying a running task aborts it, runs cleanup and leaves a tombstone', async () => {
  const kind = waitingType('wait-destroy');
  const worker = startWorker({ store: t.store, definitions: [kind.definition] });
  try {
    const task = await submit(t.store, 'wait-destroy', {});
    await waitFor(() => kind.started.has(task.id), { what: 'handler start' });
    await t.store.taskRequestDestroy({ tenant: null, id: task.id, now: Date.now() });
    const abort = await waitFor(() => kind.aborted.get(task.id), { timeoutMs: 1000, what: 'abort' });
    assert.equal(abort.reason, 'destroyed');
    const tombstone = await waitFor(() => t.store.tombstoneGet({ tenant: null, id: task.id }), { what: 'tombstone' });
    assert.equal(tombstone.reason, 'destroyed');
    assert.deepEqual(kind.cleanups, [{ id: task.id, reason: 'destroyed' }]);
  } finally {
    await worker.stop();
  }
});

test('stop() aborts attempts past the grace period with reason shutdown and releases them', async () => {
  const kind = waitingType('wait-shutdown');
  const config = testConfig({ worker: { shutdownGraceSeconds: 0.2 } });
  const worker = startWorker({ store: t.store, definitions: [kind.definition], config });
  const task = await submit(t.store, 'wait-shutdown', {});
  await waitFor(() => kind.started.has(task.id), { what: 'handler start' });
  await worker.stop();
  assert.equal(kind.aborted.get(task.id)?.reason, 'shutdown');
  const row = await t.store.taskGet({ tenant: null, id: task.id });
  assert.ok(row);
  assert.equal(row.status, 'queued', 'released straight back to the queue');
  assert.equal(row.leaseToken, null);
  assert.equal(row.startedAt, null);
  assert.equal(row.attempts, 0, 'the interrupted attempt does not count');
  assert.equal(row.error, null);
  assert.deepEqual(kind.cleanups, []);
});

test('a shutdown-released task on its last attempt is claimable again at once and keeps its attempt', async () => {
  const kind = waitingType('wait-shutdown-last');
  const config = testConfig({ worker: { shutdownGraceSeconds: 0.1 } });
  const first = startWorker({ store: t.store, definitions: [kind.definition], config });
  const task = await submit(t.store, 'wait-shutdown-last', {}, { maxAttempts: 1 });
  await waitFor(() => kind.started.has(task.id), { what: 'handler start' });
  await first.stop();
  const released = await t.store.taskGet({ tenant: null, id: task.id });
  assert.equal(released?.status, 'queued');
  assert.equal(released?.attempts, 0);
  // Claimable at once (runAt = now), and the only attempt it has is still there.
  const [claimed] = await t.store.taskClaim({ types: ['wait-shutdown-last'], perType: {}, limit: 1, workerId: 'w2', leaseMs: 5000, now: Date.now() });
  assert.ok(claimed);
  assert.equal(claimed.task.id, task.id);
  assert.equal(claimed.task.attempts, 1);
  assert.ok(await t.store.taskComplete({ id: task.id, leaseToken: claimed.leaseToken, resultJson: '"ok"', now: Date.now(), retentionMs: 60_000 }));
  assert.equal(first.logger.entries.filter((e) => e.level === 'warn' && String(e.msg).startsWith('lease lost')).length, 0);
});
