import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import { type OpenedStore, type OpenStore, tenant, uid } from './harness.ts';

// The record part of the Store contract (src/store/record-store.ts): reserved ids and idempotency
// keys (the duration statistics are asserted with the completions, in attempts.ts).

export function recordStoreContract(open: OpenStore): void {
  describe('records', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    // ── reservations ───────────────────────────────────────────────────────────────────────────
    test('reservations: take once, only by the tenant, only before expiry; purge', async () => {
      const now = Date.now();
      const ten = tenant();
      const [a, b, c] = [`tsk_r${uid()}`, `tsk_r${uid()}`, `tsk_r${uid()}`];
      await store.reservationCreate({ tenant: ten, id: a, expiresAt: now + 1000 });
      await store.reservationCreate({ tenant: ten, id: b, expiresAt: now + 1000 });
      await store.reservationCreate({ tenant: ten, id: c, expiresAt: now - 1 });
      assert.equal(await store.reservationTake({ tenant: 'other', id: a, now }), false);
      assert.equal(await store.reservationTake({ tenant: ten, id: a, now }), true);
      assert.equal(await store.reservationTake({ tenant: ten, id: a, now }), false);
      assert.equal(await store.reservationTake({ tenant: ten, id: c, now }), false);
      assert.ok((await store.reservationPurge({ now: now + 2000 })) >= 2);
      assert.equal(await store.reservationTake({ tenant: ten, id: b, now }), false);
    });

    // ── idempotency ────────────────────────────────────────────────────────────────────────────
    test('idempotency: new, in-flight, mismatch, done, crash recovery, expiry, release, purge', async () => {
      const now = Date.now();
      const ten = tenant();
      const begin = (key: string, fingerprint: string, at: number) =>
        store.idempotencyBegin({ tenant: ten, key, fingerprint, now: at, lockedUntil: at + 1000, expiresAt: at + 10_000 });

      assert.deepEqual(await begin('k1', 'f1', now), { state: 'new' });
      assert.deepEqual(await begin('k1', 'f1', now + 1), { state: 'in-flight' });
      assert.deepEqual(await begin('k1', 'f2', now + 1), { state: 'mismatch' });
      assert.deepEqual(await store.idempotencyBegin({ tenant: tenant(), key: 'k1', fingerprint: 'f2', now, lockedUntil: now + 1, expiresAt: now + 2 }), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'k1', taskId: 'tsk_1', statusCode: 202 });
      await store.idempotencyFinish({ tenant: ten, key: 'k1', taskId: 'tsk_1', statusCode: 202 });
      assert.deepEqual(await begin('k1', 'f1', now + 2), { state: 'done', statusCode: 202, taskId: 'tsk_1' });
      assert.deepEqual(await begin('k1', 'f2', now + 2), { state: 'mismatch' });
      // Expired: the key counts as new, whatever was stored.
      assert.deepEqual(await begin('k1', 'f2', now + 10_001), { state: 'new' });

      // A request that died after creating its task: replayable once its lock passed.
      assert.deepEqual(await begin('k2', 'f', now), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'k2', taskId: 'tsk_2', statusCode: 201 });
      assert.deepEqual(await begin('k2', 'f', now + 500), { state: 'in-flight' });
      assert.deepEqual(await begin('k2', 'f', now + 1001), { state: 'done', statusCode: 201, taskId: 'tsk_2' });

      // A request that died before doing anything: the next one takes over.
      assert.deepEqual(await begin('k3', 'f', now), { state: 'new' });
      assert.deepEqual(await begin('k3', 'f', now + 1001), { state: 'new' });
      assert.deepEqual(await begin('k3', 'f', now + 1002), { state: 'in-flight' });

      await store.idempotencyRelease({ tenant: ten, key: 'k3' });
      assert.deepEqual(await begin('k3', 'other', now + 1003), { state: 'new' });

      assert.ok((await store.idempotencyPurge({ now: now + 20_000 })) >= 2);
      assert.deepEqual(await begin('k2', 'f9', now + 20_001), { state: 'new' });
    });

    test('idempotency: a record holds a bulk outcome instead of a task id, replayed and recovered alike', async () => {
      const now = Date.now();
      const ten = tenant();
      const begin = (key: string, at: number) =>
        store.idempotencyBegin({ tenant: ten, key, fingerprint: 'f', now: at, lockedUntil: at + 1000, expiresAt: at + 10_000 });
      const outcome = JSON.stringify([[202, 'tsk_a'], [422, { code: 'x' }]]);

      assert.deepEqual(await begin('b1', now), { state: 'new' });
      await store.idempotencyAttach({ tenant: ten, key: 'b1', outcome, statusCode: 202 });
      await store.idempotencyFinish({ tenant: ten, key: 'b1', outcome, statusCode: 202 });
      assert.deepEqual(await begin('b1', now + 1), { state: 'done', statusCode: 202, outcome });

      // Attached in the insert's transaction, then the request died: replayable once its lock passed.
      assert.deepEqual(await begin('b2', now), { state: 'new' });
      await store.withTransaction((tx) => tx.idempotencyAttach({ tenant: ten, key: 'b2', outcome, statusCode: 202 }));
      assert.deepEqual(await begin('b2', now + 500), { state: 'in-flight' });
      assert.deepEqual(await begin('b2', now + 1001), { state: 'done', statusCode: 202, outcome });

      // Expired: new, and what the next request records replaces the outcome (never both).
      assert.deepEqual(await begin('b1', now + 10_001), { state: 'new' });
      await store.idempotencyFinish({ tenant: ten, key: 'b1', taskId: 'tsk_b', statusCode: 201 });
      assert.deepEqual(await begin('b1', now + 10_002), { state: 'done', statusCode: 201, taskId: 'tsk_b' });
      assert.deepEqual(await begin('b2', now + 10_001), { state: 'new' });
      assert.deepEqual(await begin('b2', now + 11_002), { state: 'new' }, 'nothing recorded: the next request takes over');
    });
  });
}
