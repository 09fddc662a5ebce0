import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Store, StoreConflictError } from '../../../src/store/store.ts';
import { HOUR, newTask, type OpenedStore, type OpenStore, recordEvents, tenant, type } from './harness.ts';

// What the Store does as a whole (src/store/store.ts): ping and migrate, and withTransaction's
// commit, rollback, savepoints and exclusion, with the events of each.

export function storeLifecycleContract(open: OpenStore): void {
  describe('lifecycle and transactions', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    // ── lifecycle ──────────────────────────────────────────────────────────────────────────────
    test('ping and migrate report the current schema', async () => {
      const ping = await store.ping();
      assert.equal(ping.ok, true);
      assert.equal(ping.schemaVersion, ping.codeVersion);
      const again = await store.migrate();
      assert.equal(again.from, again.to);
      assert.equal(again.to, ping.codeVersion);
      assert.equal(typeof store.capabilities.crossProcessEvents, 'boolean');
    });

    // ── transactions ───────────────────────────────────────────────────────────────────────────
    test('withTransaction commits, then emits the events of the transaction', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const a = newTask({ tenant: ten, type: ty, now });
      const b = newTask({ tenant: ten, type: ty, now });
      const events = recordEvents(store);
      const result = await store.withTransaction(async (tx) => {
        await tx.taskInsert({ task: a });
        await tx.withTransaction(async (inner) => {
          await inner.taskInsertMany({ tasks: [b] });
        });
        assert.equal((await tx.taskGet({ tenant: ten, id: b.id }))?.id, b.id);
        assert.deepEqual(events.changed, [], 'no event before commit');
        return 'done';
      });
      events.off();
      assert.equal(result, 'done');
      assert.deepEqual(events.changed, [a.id, b.id]);
      assert.deepEqual([...new Set(events.available)], [ty]);
      assert.ok(await store.taskGet({ tenant: ten, id: a.id }));
    });

    test('withTransaction rolls back everything and emits nothing when fn throws', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      await store.taskInsert({ task: newTask({ tenant: ten, type: ty, now }) });
      const a = newTask({ tenant: ten, type: ty, now });
      const events = recordEvents(store);
      await assert.rejects(
        store.withTransaction(async (tx) => {
          await tx.taskInsert({ task: a });
          await tx.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w', leaseMs: 1000, now });
          await tx.idempotencyBegin({ tenant: ten, key: 'rolled-back', fingerprint: 'f', now, lockedUntil: now + 1000, expiresAt: now + HOUR });
          throw new Error('boom');
        }),
        /boom/,
      );
      events.off();
      assert.deepEqual(events.changed, []);
      assert.deepEqual(events.available, []);
      assert.equal(await store.taskGet({ tenant: ten, id: a.id }), null);
      assert.equal((await store.taskClaim({ types: [ty], perType: {}, limit: 10, workerId: 'w', leaseMs: 1000, now })).length, 1);
      assert.deepEqual(
        await store.idempotencyBegin({ tenant: ten, key: 'rolled-back', fingerprint: 'other', now, lockedUntil: now + 1000, expiresAt: now + HOUR }),
        { state: 'new' },
      );
    });

    test('a conflict inside a transaction can be caught without losing the rest of it', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const existing = newTask({ tenant: ten, type: ty, now, customId: 'taken' });
      await store.taskInsert({ task: existing });
      const a = newTask({ tenant: ten, type: ty, now });
      const clash = [newTask({ tenant: ten, type: ty, now }), newTask({ tenant: ten, type: ty, now, customId: 'taken' })];
      await store.withTransaction(async (tx) => {
        await tx.taskInsert({ task: a });
        await assert.rejects(tx.taskInsertMany({ tasks: clash }), (err) => err instanceof StoreConflictError && err.index === 1);
      });
      assert.ok(await store.taskGet({ tenant: ten, id: a.id }));
      assert.equal(await store.taskGet({ tenant: ten, id: clash[0]!.id }), null);
    });

    test('inTransaction is true on a transaction’s view only', async () => {
      assert.equal(store.inTransaction, false);
      const seen = await store.withTransaction(async (tx) => {
        const inner = await tx.withTransaction(async (nested) => nested.inTransaction);
        return [tx.inTransaction, inner];
      });
      assert.deepEqual(seen, [true, true]);
    });

    test('callers outside a transaction wait for it instead of joining it', async () => {
      const now = Date.now();
      const ten = tenant();
      const inside = newTask({ tenant: ten, type: type(), now });
      const outside = newTask({ tenant: ten, type: type(), now });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tx = store.withTransaction(async (view) => {
        await view.taskInsert({ task: inside });
        await gate;
        throw new Error('rolled back');
      });
      const concurrent = store.taskInsert({ task: outside });
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await assert.rejects(tx, /rolled back/);
      await concurrent;
      assert.equal(await store.taskGet({ tenant: ten, id: inside.id }), null);
      assert.ok(await store.taskGet({ tenant: ten, id: outside.id }));
    });
  });
}
