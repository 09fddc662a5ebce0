import { randomUUID } from 'node:crypto';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { createInsertBatcher } from '../operations/insert-batcher.ts';
import { createRateLimiter } from '../operations/rate-limit.ts';
import { createSubmitter } from '../operations/submitter.ts';
import { registerAuth } from './plugins/auth.ts';
import { clientErrorHandler } from './plugins/client-error.ts';
import { registerJsonBody } from './plugins/json-body.ts';
import { requestIdOptions, requestLog } from './plugins/request-log.ts';
import { frameworkErrorHandler, registerProblemHandler } from './plugins/problem-handler.ts';
import { createDispatchContexts, registerRequestStore } from './plugins/request-store.ts';
import { createQueuePositions } from './queue-positions.ts';
import { positionCap } from './task-document.ts';
import { createTypeStats } from './type-stats.ts';
import { bulkRoutes } from './routes/bulk-routes.ts';
import { taskReadRoutes } from './routes/task-read-routes.ts';
import type { TaskRouteDeps } from './routes/task-route-deps.ts';
import { addTaskSchemas } from './routes/task-schemas.ts';
import { taskSubmitRoutes } from './routes/task-submit-routes.ts';
import { taskWriteRoutes } from './routes/task-write-routes.ts';
import { registerOpenApi } from './openapi.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { apiKeyRoutes } from './routes/api-key-routes.ts';
import { docsRoutes } from './routes/docs-routes.ts';
import { uiRoutes } from './routes/ui-routes.ts';
import { createMetrics, observeNode } from './metrics.ts';
import { createBlobDrivers } from '../files/blob-drivers.ts';
import { loadSigningKeys } from '../files/download-token.ts';
import { createFileStorage } from '../files/file-storage.ts';
import { type FileLinks, lazyKeys } from './file-links.ts';
import { createInjectDispatch, streamingRoutes } from './batch-dispatch.ts';
import { type BatchRunner, createBatchRunner } from './batch-runner.ts';
import { addBatchSchemas, batchRoutes } from './routes/batch-routes.ts';
import { taskGroupRoutes } from './routes/task-group-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Dispatches stored batches; the CLI starts its claim loop (src/api/batch-runner.ts). */
    batches: BatchRunner;
  }
}

// ajv and ajv-formats are CommonJS; under nodenext their default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The HTTP API as a Fastify instance, not listening: the server entry or a test decides that. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  // A node passes its metrics (fed by its store, runner and services: src/cli/start-node.ts); an app
  // on its own feeds the store-driven counters itself.
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: config.limits.bodyBytes,
    // Slow clients are cut off (408): the whole request must arrive in time. Long-polls are answers
    // held, not requests still arriving, so they are not affected. Node checks these timeouts on an
    // interval, so the interval must be a fraction of the shortest one.
    requestTimeout: config.http.requestTimeoutSeconds * 1000,
    keepAliveTimeout: config.http.keepAliveTimeoutSeconds * 1000,
    http: {
      headersTimeout: config.http.headersTimeoutSeconds * 1000,
      connectionsCheckingInterval: Math.max(100, Math.min(config.http.headersTimeoutSeconds, config.http.requestTimeoutSeconds) * 250),
    },
    // Router errors (bad percent-encoding, over-long ids) and HTTP-layer ones leave as problems too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Fastify's per-request info lines ("incoming request", "request completed") cost throughput
    // and drown the logs; plugins/request-log.ts logs one line per request. (The top-level
    // `disableRequestLogging` option is deprecated in Fastify 5.12: FSTDEP023.)
    logController: new LogController({ disableRequestLogging: true }),
    ...requestIdOptions,
  });

  // Beyond the cap a new connection is closed as it arrives (Node's maxConnections).
  app.server.maxConnections = config.http.maxConnections;
  await app.register(requestLog);

  // Bodies are validated as sent (no coercion, nothing removed); only query strings, which are
  // text by nature, are coerced to the declared types.
  // Defaults are filled in for queries only: a body is fingerprinted as sent.
  const ajvOptions = { allErrors: true, removeAdditional: false, strict: false } as const;
  const bodyAjv = new Ajv({ ...ajvOptions, coerceTypes: false, useDefaults: false });
  const queryAjv = new Ajv({ ...ajvOptions, coerceTypes: true, useDefaults: true });
  addFormats(bodyAjv);
  addFormats(queryAjv);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'querystring' ? queryAjv : bodyAjv).compile(schema as object),
  );

  // JSON only: `application/json` and `application/*+json`, taken as sent or refused; anything else is 415.
  registerJsonBody(app, { bodyLimit: config.limits.bodyBytes, maxDepth: config.limits.jsonDepth });

  if (!deps.metrics) {
    const unobserve = observeNode(metrics, deps.store);
    app.addHook('onClose', async () => unobserve());
  }
  registerProblemHandler(app, { unavailableRetryAfterSeconds: config.retryAfter.defaultSeconds });
  // Order matters: the request's store is chosen before auth looks the key up through it.
  const dispatchContexts = createDispatchContexts();
  registerRequestStore(app, deps.store, dispatchContexts);
  const keyCache = registerAuth(app, { now });
  addTaskSchemas(app, config);
  addBatchSchemas(app);
  await registerOpenApi(app); // before the routes: it collects their schemas
  const streams = streamingRoutes(app); // before the routes too: a batch may not call these

  // Files: this app's drivers (closed with it), storage and the keys that sign download links.
  const blobDrivers = await createBlobDrivers(config, deps.store);
  app.addHook('onClose', async () => blobDrivers.close());
  const files: FileLinks = { storage: createFileStorage(blobDrivers, deps.logger), keys: lazyKeys(() => loadSigningKeys(config, deps.store)), store: deps.store, config };

  const positions = createQueuePositions(deps.store, { cap: positionCap(config) });
  app.addHook('onClose', async () => positions.close());
  const routeDeps: TaskRouteDeps = {
    config,
    taskTypes: deps.taskTypes,
    now,
    submitter: createSubmitter(deps),
    rateLimiter: createRateLimiter(config.rateLimit.submitPerSecond, now),
    insertBatcher: createInsertBatcher(deps.store),
    positions,
    typeStats: createTypeStats(deps.store),
    files,
  };
  await app.register(async (scope) => taskSubmitRoutes(scope, routeDeps));
  await app.register(async (scope) => bulkRoutes(scope, routeDeps));
  await app.register(async (scope) => taskReadRoutes(scope, routeDeps));
  await app.register(async (scope) => (await import('./routes/task-events-routes.ts')).taskEventsRoutes(scope, routeDeps));
  await app.register(async (scope) => taskWriteRoutes(scope, routeDeps));
  await app.register(opsRoutes, { store: deps.store, config, metrics });
  await app.register(docsRoutes);
  await app.register(uiRoutes);
  await app.register(async (scope) => apiKeyRoutes(scope, { keyCache, now }));
  await app.register(async (scope) => (await import('./routes/webhook-endpoint-routes.ts')).webhookEndpointRoutes(scope, { config, now }));
  await app.register(async (scope) => (await import('./routes/worker-protocol-routes.ts')).workerProtocolRoutes(scope, { config, taskTypes: deps.taskTypes, now, store: deps.store }));
  await app.register(async (scope) => (await import('./routes/task-retry-routes.ts')).taskRetryRoutes(scope, routeDeps));
  await app.register(async (scope) => (await import('./routes/queue-routes.ts')).queueRoutes(scope, routeDeps));
  await app.register(async (scope) => (await import('./routes/schedule-routes.ts')).scheduleRoutes(scope, routeDeps));
  await app.register(async (scope) => (await import('./routes/file-routes.ts')).fileRoutes(scope, files));
  const dispatchAs = createInjectDispatch(app, dispatchContexts);
  const batches = createBatchRunner({
    store: deps.store,
    dispatchAs,
    rules: streams,
    config,
    logger: app.log,
    owner: deps.nodeId ?? `api:${randomUUID()}`,
  });
  app.decorate('batches', batches);
  app.addHook('onClose', () => batches.stop());
  await app.register(async (scope) => batchRoutes(scope, { ...routeDeps, dispatchAs, rules: streams, runner: batches }));
  await app.register(async (scope) => taskGroupRoutes(scope));
  return app;
}
