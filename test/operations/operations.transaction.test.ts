import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { cancelTask } from '../../src/operations/cancel-task.ts';
import { destroyTask } from '../../src/operations/destroy-task.ts';
import { getTask } from '../../src/operations/get-task.ts';
import { createInsertBatcher } from '../../src/operations/insert-batcher.ts';
import { createRateLimiter } from '../../src/operations/rate-limit.ts';
import { reserveTaskId } from '../../src/operations/reserve-task-id.ts';
import { submitReservedTask } from '../../src/operations/submit-reserved-task.ts';
import { submitTask } from '../../src/operations/submit-task.ts';
import { submitTasksBulk } from '../../src/operations/submit-tasks-bulk.ts';
import { createSubmitter } from '../../src/operations/submitter.ts';
import { updateTask } from '../../src/operations/update-task.ts';
import type { Store } from '../../src/store/store.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { testTaskTypes } from '../helpers/task-types.ts';

// The commands take the store they run against. Inside one withTransaction they all see each
// other's writes, never wait on the connection their own transaction holds (SQLite's mutex), and a
// rollback takes back everything they wrote: tasks, tombstones, idempotency records, reservations.

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const noPrefer = { respondAsync: false, wait: null };

class Rollback extends Error {}

describe(onBackend('operations inside one transaction'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let store: Store;
  const config = structuredClone(DEFAULTS);
  const taskTypes = testTaskTypes();
  let deps: Parameters<typeof submitTask>[2];

  before(async () => {
    db = await tempStore();
    store = db.store;
    deps = {
      config,
      taskTypes,
      now: Date.now,
      submitter: createSubmitter({ taskTypes, config }),
      rateLimiter: createRateLimiter(0, Date.now),
      insertBatcher: createInsertBatcher(store),
    };
  });
  after(() => db.close());

  /** Submits, reserves, changes, cancels and destroys through `tx`; returns what it created. */
  async function everything(tx: Store, tenant: string) {
    const plain = await submitTask(tx, { tenant, body: { type: 'sleep', input: { seconds: 5 } }, idempotencyKey: null, prefer: noPrefer }, deps);
    const keyed = await submitTask(tx, { tenant, body: { type: 'echo', input: {} }, idempotencyKey: 'key-1', prefer: noPrefer }, deps);
    const custom = await submitTask(
      tx,
      { tenant, body: { type: 'echo', input: { n: 1 }, customId: 'order-42' }, idempotencyKey: null, prefer: noPrefer },
      deps,
    );
    const { id: reserved } = await reserveTaskId(tx, { tenant }, deps);
    const put = await submitReservedTask(tx, { tenant, id: reserved, body: { type: 'echo', input: {} }, prefer: noPrefer }, deps);
    const bulk = await submitTasksBulk(
      tx,
      { tenant, tasks: [{ type: 'echo', input: {} }, { type: 'echo', input: {} }], atomic: true, body: {}, idempotencyKey: 'key-2', instance: '/x' },
      deps,
    );
    // Each later command sees what the earlier ones wrote in the same transaction.
    const seen = await getTask(tx, { tenant, id: plain.task.id, waitSeconds: null, clientHasCurrent: () => true }, deps);
    assert.equal(seen.task.status, 'queued');
    const changed = await updateTask(tx, { tenant, id: keyed.task.id, expected: { any: true }, changes: { priority: 7 } }, deps);
    assert.equal(changed.priority, 7);
    const canceled = await cancelTask(tx, { tenant, id: plain.task.id }, deps);
    assert.equal(canceled.task.status, 'canceled');
    assert.equal((await destroyTask(tx, { tenant, id: custom.task.id, log: silent }, deps)).status, 204);
    const ids = [plain.task.id, keyed.task.id, custom.task.id, put.task.id, ...bulk.items.map((i) => i.task!.id)];
    return { ids, reserved, destroyed: custom.task.id };
  }

  test('submit, change, cancel and destroy in one transaction, then roll it all back', async () => {
    const tenant = 'rollback';
    let created: Awaited<ReturnType<typeof everything>> | undefined;
    await assert.rejects(
      store.withTransaction(async (tx) => {
        created = await everything(tx, tenant);
        throw new Rollback('undo');
      }),
      Rollback,
    );
    assert.ok(created);
    for (const id of created.ids) assert.equal(await store.taskGet({ tenant, id }), null, `task ${id} rolled back`);
    assert.equal(await store.tombstoneGet({ tenant, id: created.destroyed }), null, 'the tombstone rolled back');
    const { tasks } = await store.taskList({ tenant, limit: 50 });
    assert.deepEqual(tasks, []);
    // The idempotency keys and the reservation are free again: the same calls succeed anew.
    const again = await submitTask(store, { tenant, body: { type: 'echo', input: {} }, idempotencyKey: 'key-1', prefer: noPrefer }, deps);
    assert.equal(again.status, 202);
    assert.equal(again.replayed, false);
    assert.equal(await store.reservationTake({ tenant, id: created.reserved, now: Date.now() }), false, 'the reservation rolled back');
  });

  test('the same commands commit together', async () => {
    const tenant = 'commit';
    const created = await store.withTransaction((tx) => everything(tx, tenant));
    const live = created.ids.filter((id) => id !== created.destroyed);
    for (const id of live) assert.ok(await store.taskGet({ tenant, id }), `task ${id} committed`);
    assert.ok(await store.tombstoneGet({ tenant, id: created.destroyed }));
    const replay = await submitTask(store, { tenant, body: { type: 'echo', input: {} }, idempotencyKey: 'key-1', prefer: noPrefer }, deps);
    assert.equal(replay.replayed, true);
    assert.equal(replay.task.priority, 7);
  });
});
