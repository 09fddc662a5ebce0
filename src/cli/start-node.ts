import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { TaskTypes } from '../operations/task-types.ts';
import { buildApp } from '../api/build-app.ts';
import { createMetrics } from '../api/metrics.ts';
import type { Config } from '../config/defaults.ts';
import { newId } from '../domain/ids.ts';
import { createRunner } from '../engine/runner.ts';
import { createTaskRegistry, loadTaskModules, type TaskRegistry } from '../engine/task-registry.ts';
import { createLeaseRescuer } from '../services/lease-rescuer.ts';
import { createRetentionCleaner } from '../services/retention-cleaner.ts';
import { createScheduler } from '../services/scheduler.ts';
import type { Service } from '../services/service.ts';
import { createWebhookDispatcher } from '../services/webhook-dispatcher.ts';
import { describeDatabase, openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { BUILTIN_TASKS } from '../tasks/builtins.ts';
import { createApiKey } from './keys-command.ts';

// The one place that creates real resources (database connections, the port, timers) and hands
// them down. `offload serve` = API + embedded runner + maintenance; `offload worker` = runner +
// maintenance. Maintenance chores take a chore lease, so with many nodes one runs each.

export interface NodeOptions {
  config: Readonly<Config>;
  api: boolean;
  worker: boolean;
  logger?: Logger;
  cwd?: string;
  /** Print the first admin key to stdout when the database has no key yet (serve only). */
  bootstrapKey?: boolean;
}

export interface RunningNode {
  store: Store;
  registry: TaskRegistry;
  app: FastifyInstance | null;
  /** `http://host:port` when the API listens. */
  url: string | null;
  stop(): Promise<void>;
}

export function createLogger(config: Readonly<Config>): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid } });
}

export async function loadRegistry(config: Readonly<Config>, cwd: string): Promise<TaskRegistry> {
  const modules = await loadTaskModules([...config.taskModules], cwd);
  return createTaskRegistry({ definitions: BUILTIN_TASKS, modules, config });
}

export function taskTypesOf(registry: TaskRegistry): TaskTypes {
  return {
    types: () => registry.types(),
    validateInput: (type, input) => registry.validateInput(type, input),
    get(type) {
      const t = registry.get(type);
      if (!t) return undefined;
      return {
        type: t.type,
        description: t.definition.description,
        inputSchema: t.definition.input,
        timeoutSeconds: t.timeoutSeconds,
        maxAttempts: t.maxAttempts,
        concurrency: t.concurrency,
        cpu: t.cpu,
        syncWaitSeconds: t.syncWaitSeconds,
        cleanup: t.definition.cleanup,
      };
    },
  };
}

export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const registry = await loadRegistry(config, options.cwd ?? process.cwd());
  const store = await openStore(config, logger);
  const migrated = await store.migrate();
  logger.info({ database: describeDatabase(config.database), schema: migrated.to }, 'store ready');

  const nodeId = `${hostname()}:${process.pid}:${newId('wrk').slice(4, 12)}`;
  // One metrics object per node, shared by the app (which serves it) and the services.
  const metrics = createMetrics();
  const services: Service[] = [
    createLeaseRescuer({ store, registry, config, logger, holder: nodeId }),
    createScheduler({ store, config, logger, holder: nodeId }),
    createRetentionCleaner({ store, registry, config, logger, holder: nodeId }),
    createWebhookDispatcher({
      store, config, logger, holder: nodeId,
      onOutcome: (outcome) => metrics.webhookDeliveries.inc({ outcome }),
    }),
  ];
  const runner = options.worker ? createRunner({ store, registry, config, logger, workerId: nodeId }) : null;

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  try {
    if (options.api) {
      if (options.bootstrapKey && (await store.apiKeyCount()) === 0) {
        const { key } = await createApiKey(store, { tenant: 'default', name: 'bootstrap admin', admin: true });
        process.stdout.write(
          `\nNo API key existed, so an admin key for tenant "default" was created. It is shown once:\n\n  ${key}\n\n` +
            'Create more with `npx offload keys create --tenant <name>`.\n\n',
        );
      }
      app = await buildApp({ store, taskTypes: taskTypesOf(registry), config, logger, metrics });
      url = await app.listen({ port: config.port, host: config.host });
    }
  } catch (err) {
    // A failed start must not leave an open pool keeping the process alive.
    await app?.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
  for (const service of services) service.start();
  runner?.start();
  logger.info({ api: url, worker: runner !== null, node: nodeId, types: registry.types() }, 'offload node started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking work first (new requests, new claims), then let running attempts finish.
      const closingApp = app?.close();
      await runner?.stop();
      await Promise.all(services.map((s) => s.stop()));
      await closingApp;
      await store.close();
      logger.info('offload node stopped');
    })();
    return stopping;
  };
  return { store, registry, app, url, stop };
}
