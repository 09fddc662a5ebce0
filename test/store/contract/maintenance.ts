import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import { ERR, HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, storeHelpers, tenant, type, uid } from './harness.ts';

// The maintenance part of the Store contract (src/store/maintenance-store.ts): rescue of expired
// leases, expiry, queue depth, and the chore leases.

export function maintenanceStoreContract(open: OpenStore): void {
  describe('maintenance', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });
    const { claimOne } = storeHelpers(() => store);

    // ── maintenance ────────────────────────────────────────────────────────────────────────────
    test('taskRescueExpired fails the task when no attempts are left, and leaves live leases alone', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({ tasks: [newTask({ tenant: tenant(), type: ty, now, maxAttempts: 1 }), newTask({ tenant: tenant(), type: ty, now })] });
      const last = await claimOne(ty, now, 1000);
      const live = await claimOne(ty, now, HOUR);
      const events = recordEvents(store);
      const { failed, requeued } = await store.taskRescueExpired({ now: now + 2000, error: ERR, retentionMs: HOUR, limit: 1000 });
      events.off();
      const f = failed.find((t) => t.id === last.task.id);
      assert.ok(f);
      assert.equal(f.status, 'failed');
      assert.deepEqual(f.error, ERR);
      assert.equal(f.finishedAt, now + 2000);
      assert.equal(f.expiresAt, now + 2000 + HOUR);
      assert.equal(f.leaseToken, null);
      assert.ok(!requeued.some((t) => t.id === live.task.id) && !failed.some((t) => t.id === live.task.id));
      assert.ok(events.changed.includes(last.task.id));
      assert.ok(!events.available.includes(ty));
    });

    test('taskExpire cancels overdue waiting tasks and purges expired finished ones', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const waiting = newTask({ tenant: ten, type: ty, now, expiresAt: now + 100 });
      const fresh = newTask({ tenant: ten, type: ty, now, expiresAt: now + HOUR, priority: -1 });
      await store.taskInsertMany({ tasks: [waiting, fresh] });
      const { canceled, purged } = await store.taskExpire({ now: now + 200, error: ERR, retentionMs: 1000, limit: 100_000 });
      const c = canceled.find((t) => t.id === waiting.id);
      assert.ok(c);
      assert.equal(c.status, 'canceled');
      assert.deepEqual(c.error, ERR);
      assert.equal(c.expiresAt, now + 1200);
      assert.ok(!canceled.some((t) => t.id === fresh.id));
      assert.ok(!purged.some((t) => t.id === waiting.id));

      const second = await store.taskExpire({ now: now + 1300, error: ERR, retentionMs: 1000, limit: 100_000 });
      assert.ok(second.purged.some((t) => t.id === waiting.id));
      assert.equal(await store.taskGet({ tenant: null, id: waiting.id }), null);
      assert.equal((await store.tombstoneGet({ tenant: ten, id: waiting.id }))?.reason, 'expired');
      assert.equal((await store.taskGet({ tenant: null, id: fresh.id }))?.status, 'queued');
    });

    test('taskQueueDepth counts tasks by type and status', async () => {
      const now = Date.now();
      const ty = type();
      await store.taskInsertMany({
        tasks: [newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now }), newTask({ tenant: tenant(), type: ty, now, status: 'pending', runAt: now + HOUR })],
      });
      await claimOne(ty, now);
      const depth = (await store.taskQueueDepth()).filter((r) => r.type === ty);
      const count = (status: string) => depth.find((r) => r.status === status)?.count ?? 0;
      assert.equal(count('queued'), 1);
      assert.equal(count('pending'), 1);
      assert.equal(count('running'), 1);
    });

    // ── chore leases ───────────────────────────────────────────────────────────────────────────
    test('chore leases: one holder, renewal, failover after expiry, release', async () => {
      const now = Date.now();
      const chore = `chore-${uid()}`;
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 500 }), false);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 900 }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 1500 }), false);
      // a stopped renewing: b takes over once the renewed lease ran out.
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'b', ttlMs: 1000, now: now + 1901 }), true);
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), false);
      await store.choreLeaseRelease({ name: chore, holder: 'a' });
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), false);
      await store.choreLeaseRelease({ name: chore, holder: 'b' });
      assert.equal(await store.choreLeaseAcquire({ name: chore, holder: 'a', ttlMs: 1000, now: now + 2000 }), true);
    });
  });
}
