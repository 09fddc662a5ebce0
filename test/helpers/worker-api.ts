import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type Config, DEFAULTS, type HttpTaskTypeConfig } from '../../src/config/defaults.ts';
import { createTaskRegistry, type TaskRegistry } from '../../src/engine/task-registry.ts';
import type { WorkerKeyScope } from '../../src/store/api-key-store.ts';
import type { Store } from '../../src/store/store.ts';
import { builtinTasks } from '../../src/tasks/builtins.ts';
import { type TempStore, tempStore } from './backend.ts';

// An app with the real registry (built-ins, `http` included) plus task types served only by HTTP
// workers, on a fresh store of the run's backend; keys of every kind. For the worker protocol and
// the day-one operations.

export const HTTP_TYPES: HttpTaskTypeConfig[] = [
  { type: 'resize', input: { type: 'object', required: ['width'], properties: { width: { type: 'integer', minimum: 1 } } }, timeoutSeconds: 60, maxAttempts: 3 },
  { type: 'crop', input: { type: 'object' }, maxAttempts: 2 },
  { type: 'quick', input: { type: 'object' }, timeoutSeconds: 1, maxAttempts: 2 },
];

export interface WorkerApi {
  app: FastifyInstance;
  store: Store;
  db: TempStore;
  config: Config;
  registry: TaskRegistry;
  /** `Authorization` header value of a fresh key. */
  key(tenant: string, kind?: { admin?: boolean; worker?: WorkerKeyScope }): Promise<string>;
  /** app.inject with `authorization`. */
  as(authorization: string, request: InjectOptions & { url: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function workerApi(overrides: (config: Config) => void = () => {}): Promise<WorkerApi> {
  const db = await tempStore();
  const config: Config = structuredClone(DEFAULTS);
  config.worker.pollIntervalMs = 50;
  config.httpTaskTypes = HTTP_TYPES;
  config.httpTask.allow = ['127.0.0.0/8'];
  overrides(config);
  const registry = createTaskRegistry({ definitions: builtinTasks(config), httpTaskTypes: config.httpTaskTypes, config });
  const app = await buildApp({ store: db.store, taskTypes: taskTypesOf(registry), config });
  await app.ready();
  return {
    app,
    store: db.store,
    db,
    config,
    registry,
    async key(tenant, kind = {}) {
      const { key } = await createApiKey(db.store, { tenant, admin: kind.admin, worker: kind.worker });
      return `Bearer ${key}`;
    },
    as: (authorization, request) => app.inject({ ...request, headers: { ...request.headers, authorization } }),
    async close() {
      await app.close();
      await db.close();
    },
  };
}
