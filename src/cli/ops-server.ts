import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { AppDeps } from '../api/app-deps.ts';
import type { Metrics } from '../api/metrics.ts';
import { registerProblemHandler } from '../api/plugins/problem-handler.ts';
import { requestIdOptions, requestLog } from '../api/plugins/request-log.ts';
import { opsRoutes } from '../api/routes/ops-routes.ts';

// `offload worker --metrics-port`: the API's operations routes (/healthz, /readyz, /metrics) on a
// small server of their own, fed by the worker's metrics object, so attempts, rescues and webhook
// deliveries that happen in a worker are scraped too. No /v1 routes, no docs.

export async function buildOpsServer(deps: AppDeps & { logger: FastifyBaseLogger; metrics: Metrics }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    ...requestIdOptions,
  });
  await app.register(requestLog);
  registerProblemHandler(app, { unavailableRetryAfterSeconds: deps.config.retryAfter.defaultSeconds });
  await app.register(opsRoutes, deps);
  return app;
}
