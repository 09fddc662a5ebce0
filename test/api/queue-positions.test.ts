import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueuePositions, type QueuePositions } from '../../src/api/queue-positions.ts';
import type { TaskRow } from '../../src/domain/task.ts';
import type { Store } from '../../src/store/store.ts';
import { backendSkip, onBackend, tempStore, type TempStore } from '../helpers/backend.ts';
import { newTasks } from '../helpers/tasks.ts';

// The per-process snapshot of a type's queue head behind task documents' `position`: exact after this
// process's own changes, at most `ttlMs` late for changes made by another process on the same data.

const TTL_MS = 150;

describe(onBackend('queue positions (snapshot of the queue head)'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let other: Store; // another process's connection to the same file: its changes raise no local events
  let positions: QueuePositions;
  let reads = 0;

  before(async () => {
    db = await tempStore();
    other = await db.openAnother();
    const counted = Object.create(db.store) as Store;
    counted.taskQueueHead = (p) => {
      reads++;
      return db.store.taskQueueHead(p);
    };
    positions = createQueuePositions(counted, { cap: 3, ttlMs: TTL_MS });
  });
  after(async () => {
    positions.close();
    await db.close();
  });

  const get = async (id: string) => (await db.store.taskGet({ tenant: 'acme', id })) as TaskRow;

  it('answers many documents of a type from one read, exact below the cap and "at least cap" beyond', async () => {
    const { tasks } = await db.store.taskInsertMany({ tasks: newTasks('acme', 'a', 5) });
    reads = 0;
    assert.deepEqual(await Promise.all(tasks.map((t) => positions.position(t))), [0, 1, 2, 3, 3]);
    assert.deepEqual(await Promise.all(tasks.map((t) => positions.position(t))), [0, 1, 2, 3, 3]);
    assert.equal(reads, 1);
  });

  it("is exact at once after this process's own changes (submit, claim)", async () => {
    const [extra] = (await db.store.taskInsertMany({ tasks: newTasks('acme', 'b', 2) })).tasks;
    assert.equal(await positions.position(extra!), 0);
    const [late] = (await db.store.taskInsertMany({ tasks: newTasks('acme', 'b', 1) })).tasks;
    assert.equal(await positions.position(late!), 2);
    await db.store.taskClaim({ types: ['b'], perType: {}, limit: 1, workerId: 'w', leaseMs: 30_000, now: Date.now() });
    assert.equal(await positions.position(await get(late!.id)), 1);
    assert.equal(await positions.position(await get(extra!.id)), 0, 'claimed: running, no position');
  });

  it("shows another process's claims within the ttl", async () => {
    const { tasks } = await db.store.taskInsertMany({ tasks: newTasks('acme', 'c', 3) });
    const last = tasks[2]!;
    assert.equal(await positions.position(last), 2);
    await other.taskClaim({ types: ['c'], perType: {}, limit: 2, workerId: 'w', leaseMs: 30_000, now: Date.now() });
    const stale = await positions.position(last);
    assert.ok(stale === 2 || stale === 0, `before the ttl the snapshot may still count the claimed tasks (${stale})`);
    await new Promise((r) => setTimeout(r, TTL_MS + 20));
    assert.equal(await positions.position(last), 0);
  });
});
