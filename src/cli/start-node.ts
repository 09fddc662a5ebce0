import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { TaskTypes } from '../operations/task-types.ts';
import { buildApp } from '../api/build-app.ts';
import { attemptRecorder, createMetrics, observeNode } from '../api/metrics.ts';
import type { Config } from '../config/defaults.ts';
import { newId } from '../domain/ids.ts';
import { createRunner } from '../engine/runner.ts';
import { createTaskRegistry, loadTaskModules, type TaskRegistry } from '../engine/task-registry.ts';
import { createDeadlineEnforcer } from '../services/deadline-enforcer.ts';
import { createBlobDrivers } from '../files/blob-drivers.ts';
import { createFileStorage } from '../files/file-storage.ts';
import { createFileSweeper } from '../services/file-sweeper.ts';
import { createLeaseRescuer } from '../services/lease-rescuer.ts';
import { createRunnerHeartbeat } from '../services/runner-heartbeat.ts';
import { createRetentionCleaner } from '../services/retention-cleaner.ts';
import { createScheduler } from '../services/scheduler.ts';
import { createIntervalService, type Service } from '../services/service.ts';
import { runDueSchedules } from '../operations/schedule-ticks.ts';
import { createSubmitter } from '../operations/submitter.ts';
import { createBatchFinisher } from '../services/batch-finisher.ts';
import { createGroupCoordinator } from '../services/group-coordinator.ts';
import { createWebhookDispatcher } from '../services/webhook-dispatcher.ts';
import { describeDatabase, openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { BUILTIN_MODULES, builtinTasks } from '../tasks/builtins.ts';
import { createLogger } from './create-logger.ts';
import { createApiKey } from './keys-command.ts';
import { buildOpsServer } from './ops-server.ts';
import { StartError, startStep } from './start-error.ts';

// The one place that creates real resources (database connections, the port, timers) and hands
// them down. `offload serve` = API + embedded runner + maintenance; `offload worker` = runner +
// maintenance. Maintenance chores take a chore lease, so with many nodes one runs each.

export interface NodeOptions {
  config: Readonly<Config>;
  api: boolean;
  worker: boolean;
  logger?: Logger;
  cwd?: string;
  /** Print the first admin key to stderr when the database has no key yet (serve only), once listening. */
  bootstrapKey?: boolean;
  /** A node without the API: serve /healthz, /readyz and /metrics on this port (0: any free one). */
  metricsPort?: number | null;
}

export interface RunningNode {
  store: Store;
  registry: TaskRegistry;
  app: FastifyInstance | null;
  /** `http://host:port` when the API listens. */
  url: string | null;
  /** `http://host:port` of the operations server (`metricsPort`), when there is one. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

async function printBootstrapKey(store: Store): Promise<void> {
  if ((await store.apiKeyCount()) > 0) return;
  const { key } = await createApiKey(store, { tenant: 'default', name: 'bootstrap admin', admin: true });
  // stderr, not stdout: stdout is the JSON log stream (`npm start | jq` must keep working).
  process.stderr.write(
    `\nNo API key existed, so an admin key for tenant "default" was created. It is shown once:\n\n  ${key}\n\n` +
      'Create more with `npx offload keys create --tenant <name>`.\n\n',
  );
}

export async function loadRegistry(config: Readonly<Config>, cwd: string): Promise<TaskRegistry> {
  const modules = await loadTaskModules([...config.taskModules], cwd);
  return createTaskRegistry({ definitions: builtinTasks(config, cwd), modules: [...BUILTIN_MODULES, ...modules], httpTaskTypes: config.httpTaskTypes, config });
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
        fileFields: t.definition.files,
        retentionSeconds: t.definition.retentionSeconds,
        remote: t.remote,
      };
    },
  };
}

/**
 * Every node submits due schedule ticks (operations/schedule-ticks.ts): no chore lease, the store's
 * compare-and-set on each tick makes one node win it, and a node dying leaves no gap.
 */
function scheduleRunner(store: Store, registry: TaskRegistry, config: Readonly<Config>, logger: Logger): Service {
  const submitter = createSubmitter({ taskTypes: taskTypesOf(registry), config });
  return createIntervalService({
    name: 'schedule-runner',
    intervalMs: config.maintenance.scheduleIntervalMs,
    logger,
    async run() {
      await runDueSchedules(store, { config, submitter, now: Date.now, log: logger });
      return undefined;
    },
  });
}

export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const database = `database ${describeDatabase(config.database)}`;
  // Task modules first: a module that cannot load stops the start before the database is touched.
  const registry = await startStep('task modules', () => loadRegistry(config, options.cwd ?? process.cwd()));
  const unknownTypes = config.worker.types.filter((t) => !registry.get(t));
  if (options.worker && unknownTypes.length > 0) {
    const known = registry.types().join(', ');
    throw new StartError('worker.types', `no task type ${unknownTypes.map((t) => `"${t}"`).join(', ')} is registered (known: ${known})`, null);
  }
  const store = await startStep(database, () => openStore(config, logger));
  // The node's file drivers: the runner's ctx.files and the sweeper (the API builds its own).
  const blobDrivers = await createBlobDrivers(config, store, options.cwd);
  const files = createFileStorage(blobDrivers, logger);

  const nodeId = `${hostname()}:${process.pid}:${newId('wrk').slice(4, 12)}`;
  // One metrics object per node, shared by the app (which serves it), the runner and the services.
  const metrics = createMetrics();
  const unobserve = observeNode(metrics, store);
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let opsApp: FastifyInstance | null = null;
  let metricsUrl: string | null = null;
  let services: Service[] = [];
  let runner: ReturnType<typeof createRunner> | null = null;
  try {
    const migrated = await startStep(database, () => store.migrate());
    logger.info({ database: describeDatabase(config.database), schema: migrated.to }, 'store ready');
    services = [
      createLeaseRescuer({ store, registry, config, logger, holder: nodeId, onRescued: (n) => metrics.leaseRescues.inc(n) }),
      createScheduler({ store, config, logger, holder: nodeId }),
      createRetentionCleaner({ store, registry, config, logger, holder: nodeId }),
      createFileSweeper({ store, storage: files, config, logger, holder: nodeId }),
      createWebhookDispatcher({
        store, config, logger, holder: nodeId,
        onOutcome: (outcome) => metrics.webhookDeliveries.inc({ outcome }),
      }),
      createDeadlineEnforcer({ store, registry, config, logger, holder: nodeId }),
      scheduleRunner(store, registry, config, logger),
      createGroupCoordinator({ store, registry, config, logger, holder: nodeId }),
      createBatchFinisher({ store, config, logger, holder: nodeId }),
    ];
    runner = options.worker
      ? createRunner({ store, registry, config, logger, workerId: nodeId, files, types: config.worker.types, onAttemptRecorded: attemptRecorder(metrics) })
      : null;
    const runnerTypes = config.worker.types.length > 0 ? registry.localTypes().filter((t) => config.worker.types.includes(t)) : registry.localTypes();
    if (runner) services.push(createRunnerHeartbeat({ store, config, logger, id: nodeId, node: `${hostname()}:${process.pid}`, types: runnerTypes }));
    if (options.api) {
      const api = await buildApp({ store, taskTypes: taskTypesOf(registry), config, logger, metrics, nodeId });
      app = api;
      url = await startStep(`cannot listen on ${config.host}:${config.port}`, () => api.listen({ port: config.port, host: config.host }), {
        EADDRINUSE: 'choose another --port',
      });
      // Only once the port is ours: a start that fails creates no key nobody will ever see.
      if (options.bootstrapKey) await printBootstrapKey(store);
    } else if (options.metricsPort !== undefined && options.metricsPort !== null) {
      const port = options.metricsPort;
      const ops = await buildOpsServer({ store, taskTypes: taskTypesOf(registry), config, logger, metrics });
      opsApp = ops;
      metricsUrl = await startStep(`cannot listen on ${config.host}:${port} (metrics)`, () => ops.listen({ port, host: config.host }), {
        EADDRINUSE: 'choose another --metrics-port',
      });
    }
  } catch (err) {
    // A failed start must not leave an open pool, a thread or a port keeping the process alive.
    await runner?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await opsApp?.close().catch(() => {});
    unobserve();
    blobDrivers.close();
    await store.close().catch(() => {});
    throw err;
  }
  for (const service of services) service.start();
  // API nodes take over the stored batches whose node died (app.close() stops it).
  app?.batches.start();
  runner?.start();
  logger.info({ api: url, metrics: metricsUrl, worker: runner !== null, node: nodeId, types: registry.types() }, 'offload node started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking work first (new requests, new claims), then let running attempts finish. The
      // batches this node dispatches stop before the app does: a sub-request reaching a closing app
      // would be answered 503 and recorded as its answer; stopped first, what is left of them is
      // taken over by another node.
      await app?.batches.stop();
      const closingApp = app?.close();
      await runner?.stop();
      await Promise.all(services.map((s) => s.stop()));
      await closingApp;
      // The probes answer until the work has stopped: an orchestrator sees the drain.
      await opsApp?.close();
      unobserve();
      blobDrivers.close();
      await store.close();
      logger.info('offload node stopped');
    })();
    return stopping;
  };
  return { store, registry, app, url, metricsUrl, stop };
}
