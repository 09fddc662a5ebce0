import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import type { AppDeps } from '../app-deps.ts';
import { createMetrics, type Metrics } from '../metrics.ts';

// Probes and metrics for operators and orchestrators. Public (no API key: the auth plugin guards
// /v1 only) because load balancers and Prometheus scrape them without credentials.

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's instruments; routes increment them (e.g. `tasksSubmitted` on submit). */
    metrics: Metrics;
  }
}


export async function opsRoutes(app: FastifyInstance, deps: AppDeps & { metrics?: Metrics }): Promise<void> {
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
      schema: {
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
      config: { problems: ['service-unavailable'] },
      schema: {
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
      let ping: Awaited<ReturnType<typeof store.ping>>;
      try {
        ping = await store.ping();
      } catch {
        // A closed or unreachable store throws; to a probe that is the same as "not ready".
        ping = { ok: false, schemaVersion: -1, codeVersion: -1 };
      }
      if (ping.ok) return { status: 'ok' as const, schemaVersion: ping.schemaVersion };
      const detail =
        ping.schemaVersion < 0
          ? 'The store is unreachable.'
          : `The store schema is at version ${ping.schemaVersion}; this code needs ${ping.codeVersion}.`;
      throw new ProblemError('service-unavailable', detail, { headers: { 'retry-after': retryAfter } });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: {
          200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    async (request, reply) => {
      metrics.tasks.reset();
      try {
        for (const row of await store.taskQueueDepth()) {
          metrics.tasks.set({ type: row.type, status: row.status }, row.count);
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
