import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
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

/** One tenant on a fresh app, shared by the tests of a `describe` block: see `tenantApi`. */
export interface TenantApi {
  /** The app and its store; read it inside tests and hooks (it is created by `before`). */
  readonly t: TestApi;
  /** `t.store`. */
  readonly store: Store;
  /** The tenant's bearer header. */
  readonly auth: { authorization: string };
  /** `app.inject` as the tenant: its bearer header is added to `request.headers`. */
  inject(request: InjectOptions & { url: string }): Promise<LightMyRequestResponse>;
  /** Submits a task of `type` (input `{}` unless given) as the tenant; its id. Fails the test unless the API answered 202. */
  submit(type: string, input?: unknown): Promise<string>;
}

/**
 * Call inside a `describe`: registers `before` (a fresh `testApi(overrides)` and an API key of
 * `tenant`) and `after` (closes the app and removes its store), the setup most test/api files share.
 */
export function tenantApi(tenant = 'acme', overrides?: (config: Config) => void): TenantApi {
  let t: TestApi | undefined;
  let auth: { authorization: string } | undefined;
  before(async () => {
    t = await testApi(overrides);
    auth = { authorization: (await t.key(tenant)).authorization };
  });
  after(() => t?.close());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('tenantApi: used before its `before` hook ran (use it inside tests and hooks)');
    return value;
  };
  const api: TenantApi = {
    get t() {
      return started(t);
    },
    get store() {
      return started(t).store;
    },
    get auth() {
      return started(auth);
    },
    inject(request) {
      return api.t.app.inject({ ...request, headers: { ...request.headers, ...api.auth } });
    },
    async submit(type, input = {}) {
      const res = await api.inject({ method: 'POST', url: '/v1/tasks', payload: { type, input } });
      assert.equal(res.statusCode, 202, `submit ${type}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json().id as string;
    },
  };
  return api;
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
