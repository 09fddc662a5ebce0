import type { FastifyInstance } from 'fastify';
import { apiKeyHash } from '../../src/api/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { newId, newSecret } from '../../src/domain/ids.ts';
import type { CleanupContext } from '../../src/engine/define-task.ts';
import type { Store } from '../../src/store/store.ts';
import { type TestBackend, tempStore } from './backend.ts';
import { testTaskTypes } from './task-types.ts';

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  /** The run's backend (OFFLOAD_TEST_BACKEND), see test/helpers/backend.ts. */
  backend: TestBackend;
  config: Config;
  cleanups: CleanupContext[];
  /** Bearer header for a fresh key of `tenant`. */
  key(tenant: string, options?: { admin?: boolean }): Promise<{ authorization: string; id: string; secret: string }>;
  close(): Promise<void>;
}

/** The app on a fresh store of the run's backend (OFFLOAD_TEST_BACKEND: sqlite by default, or postgres). */
export async function testApi(overrides: (config: Config) => void = () => {}): Promise<TestApi> {
  const db = await tempStore();
  const config: Config = structuredClone(DEFAULTS);
  config.worker.pollIntervalMs = 50;
  overrides(config);
  const cleanups: CleanupContext[] = [];
  let app: FastifyInstance;
  try {
    app = await buildApp({ store: db.store, taskTypes: testTaskTypes({ cleanups }), config });
    await app.ready();
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return {
    app,
    store: db.store,
    backend: db.backend,
    config,
    cleanups,
    async key(tenant, options = {}) {
      const secret = newSecret('ofk');
      const id = newId('key');
      await db.store.apiKeyCreate({
        key: { id, tenant, name: null, admin: options.admin ?? false, createdAt: Date.now(), revokedAt: null, lastUsedAt: null },
        hash: apiKeyHash(secret),
      });
      return { authorization: `Bearer ${secret}`, id, secret };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Claims every queued task of `type` as a test runner would. */
export async function claimAll(store: Store, type: string) {
  return store.taskClaim({ types: [type], perType: { [type]: 100 }, limit: 100, workerId: 'test', leaseMs: 30_000, now: Date.now() });
}

export async function completeAll(store: Store, type: string, result: unknown) {
  for (const { task, leaseToken } of await claimAll(store, type)) {
    await store.taskComplete({ id: task.id, leaseToken, resultJson: JSON.stringify(result), now: Date.now(), retentionMs: 86_400_000 });
  }
}
