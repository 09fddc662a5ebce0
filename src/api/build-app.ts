import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerProblemHandler } from './plugins/problem-handler.ts';
import { createRateLimiter } from './rate-limit.ts';
import { bulkRoutes } from './routes/bulk-routes.ts';
import { taskReadRoutes } from './routes/task-read-routes.ts';
import type { TaskRouteDeps } from './routes/task-route-deps.ts';
import { addTaskSchemas } from './routes/task-schemas.ts';
import { taskSubmitRoutes } from './routes/task-submit-routes.ts';
import { taskWriteRoutes } from './routes/task-write-routes.ts';
import { createSubmitter } from './submission.ts';
// import { registerOpenApi } from './openapi.ts';            // TODO(openapi): enable when the file lands
// import { opsRoutes } from './routes/ops-routes.ts';        // TODO(ops): /healthz, /readyz, /metrics
// import { docsRoutes } from './routes/docs-routes.ts';      // TODO(docs): /openapi.json, /docs, /problems/:code

// ajv and ajv-formats are CommonJS; under nodenext their default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The HTTP API as a Fastify instance, not listening: the server entry or a test decides that. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.limits.bodyBytes,
    // Clients may poll many tasks over one connection; do not cut long-polls short.
    requestTimeout: 0,
  });

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

  // JSON only: `application/json` and `application/*+json`; anything else is 415.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(/^application\/[\w.-]+\+json(?:\s*;|$)/, { parseAs: 'string' }, json);

  registerProblemHandler(app, { unavailableRetryAfterSeconds: config.retryAfter.defaultSeconds });
  registerAuth(app, { store: deps.store, now });
  addTaskSchemas(app);
  // await registerOpenApi(app);                              // TODO(openapi): must come before routes

  const routeDeps: TaskRouteDeps = {
    ...deps,
    now,
    submitter: createSubmitter(deps),
    rateLimiter: createRateLimiter(config.rateLimit.submitPerSecond, now),
  };
  await app.register(async (scope) => taskSubmitRoutes(scope, routeDeps));
  await app.register(async (scope) => bulkRoutes(scope, routeDeps));
  await app.register(async (scope) => taskReadRoutes(scope, routeDeps));
  await app.register(async (scope) => taskWriteRoutes(scope, routeDeps));
  // await app.register(opsRoutes, deps);                     // TODO(ops)
  // await app.register(docsRoutes, deps);                    // TODO(docs)
  return app;
}
