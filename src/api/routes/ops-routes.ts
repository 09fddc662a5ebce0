import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/defaults.ts';
import { ProblemError } from '../../domain/problems.ts';
import { checkReadiness, queueDepth } from '../../operations/service-health.ts';
import type { Store } from '../../store/store.ts';
import { createMetrics, type Metrics } from '../metrics.ts';

// Probes and metrics for operators and orchestrators. Public (`auth: 'public'`) because load
// balancers and Prometheus scrape them without credentials. They read the node's root store: a probe
// is about the node, never part of a caller's transaction.

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's instruments; routes increment them (e.g. `tasksSubmitted` on submit). */
    metrics: Metrics;
  }
}


export interface OpsRouteDeps {
  store: Store;
  config: Readonly<Config>;
  metrics?: Metrics;
}

export async function opsRoutes(app: FastifyInstance, deps: OpsRouteDeps): Promise<void> {
  const { store, config } = deps;
  const metrics = deps.metrics ?? createMetrics();
  if (!app.hasDecorator('metrics')) app.decorate('metrics', metrics);

  app.addHook('onResponse', async (request, reply) => {
    // The route template, not the raw URL, keeps the label set bounded (ids would explode it).
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
  });

  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'getHealth',
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } },
        },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { auth: 'public', problems: ['service-unavailable'] },
      schema: {
        operationId: 'getReadiness',
        tags: ['operations'],
        summary: 'Readiness: the store is reachable and its schema is current',
        response: {
          200: {
            type: 'object',
            required: ['status', 'schemaVersion'],
            properties: { status: { type: 'string', const: 'ok' }, schemaVersion: { type: 'integer' } },
          },
        },
      },
    },
    async () => {
      const retryAfter = String(config.retryAfter.defaultSeconds);
      const readiness = await checkReadiness(store);
      if (readiness.ready) return { status: 'ok' as const, schemaVersion: readiness.schemaVersion };
      const detail =
        readiness.reason === 'unreachable'
          ? 'The store is unreachable.'
          : `The store schema is at version ${readiness.schemaVersion}; this code needs ${readiness.codeVersion}.`;
      throw new ProblemError('service-unavailable', detail, { headers: { 'retry-after': retryAfter } });
    },
  );

  app.get(
    '/metrics',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'getMetrics',
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: {
          200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    async (request, reply) => {
      metrics.tasks.reset();
      metrics.queueOldestAge.reset();
      try {
        const now = Date.now();
        for (const row of await queueDepth(store)) {
          metrics.tasks.set({ type: row.type, status: row.status }, row.count);
          if (row.oldestRunAt !== null) metrics.queueOldestAge.set({ type: row.type }, Math.max(0, now - row.oldestRunAt) / 1000);
        }
      } catch (err) {
        // Process metrics stay useful while the store is down; the gauge is absent, not zero.
        request.log.warn({ err }, 'metrics: queue depth unavailable');
      }
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}

// Registered as a plugin, the onResponse hook and the `metrics` decorator must reach every route
// of the app, not only these three: skip encapsulation as fastify-plugin would.
Object.defineProperty(opsRoutes, Symbol.for('skip-override'), { value: true });
