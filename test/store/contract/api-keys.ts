import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import { type OpenedStore, type OpenStore, tenant, uid } from './harness.ts';

// The API key part of the Store contract (src/store/api-key-store.ts).

export function apiKeyStoreContract(open: OpenStore): void {
  describe('API keys', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    // ── API keys ───────────────────────────────────────────────────────────────────────────────
    test('API keys: create, look up by hash, list by tenant, revoke, count', async () => {
      const now = Date.now();
      const ten = tenant();
      const before = await store.apiKeyCount();
      const key = { id: `key_${uid()}`, tenant: ten, name: 'ci', admin: false, createdAt: now, revokedAt: null, lastUsedAt: null };
      const admin = { ...key, id: `key_${uid()}`, name: null, admin: true, createdAt: now + 1 };
      await store.apiKeyCreate({ key, hash: `h-${key.id}` });
      await store.apiKeyCreate({ key: admin, hash: `h-${admin.id}` });
      assert.equal(await store.apiKeyCount(), before + 2);
      assert.deepEqual(await store.apiKeyByHash({ hash: `h-${key.id}` }), key);
      assert.equal(await store.apiKeyByHash({ hash: 'h-unknown' }), null);
      assert.deepEqual(await store.apiKeyList({ tenant: ten }), [key, admin]);
      assert.ok((await store.apiKeyList({ tenant: null })).length >= 2);
      assert.equal(await store.apiKeyRevoke({ id: key.id, now: now + 5 }), true);
      assert.equal(await store.apiKeyRevoke({ id: key.id, now: now + 6 }), false);
      assert.equal(await store.apiKeyRevoke({ id: 'key_unknown', now }), false);
      assert.equal((await store.apiKeyByHash({ hash: `h-${key.id}` }))?.revokedAt, now + 5);
    });

    test('API keys: a worker key keeps its types and tenant scope', async () => {
      const now = Date.now();
      const ten = tenant();
      const base = { tenant: ten, name: null, admin: false, createdAt: now, revokedAt: null, lastUsedAt: null };
      const own = { ...base, id: `key_${uid()}`, worker: { types: ['resize', 'crop'], allTenants: false } };
      const all = { ...base, id: `key_${uid()}`, createdAt: now + 1, worker: { types: ['resize'], allTenants: true } };
      await store.apiKeyCreate({ key: own, hash: `h-${own.id}` });
      await store.apiKeyCreate({ key: all, hash: `h-${all.id}` });
      assert.deepEqual(await store.apiKeyByHash({ hash: `h-${own.id}` }), own);
      assert.deepEqual(await store.apiKeyList({ tenant: ten }), [own, all]);
    });
  });
}
