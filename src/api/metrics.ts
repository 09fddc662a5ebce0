import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus instruments for the whole process. One `Metrics` per app (or per server process):
// prom-client's global default registry is never used, so tests and several apps in one process
// don't share counters. The server entry creates one and hands the same object to `buildApp` and
// to the runner/services, which increment the counters below.

export interface Metrics {
  registry: Registry;
  /** Queue depth; filled from the store at scrape time by `GET /metrics`. */
  tasks: Gauge<'type' | 'status'>;
  tasksSubmitted: Counter<'type'>;
  /** outcome: succeeded | failed | retried | canceled | timeout | lost-lease */
  taskAttempts: Counter<'type' | 'outcome'>;
  taskDuration: Histogram<'type'>;
  leaseRescues: Counter<never>;
  /** outcome: delivered | retry | failed | refused | disabled */
  webhookDeliveries: Counter<'outcome'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    tasks: new Gauge({
      name: 'offload_tasks',
      help: 'Tasks in the store by type and status (read at scrape time).',
      labelNames: ['type', 'status'] as const,
      registers,
    }),
    tasksSubmitted: new Counter({
      name: 'offload_tasks_submitted_total',
      help: 'Tasks accepted by the API.',
      labelNames: ['type'] as const,
      registers,
    }),
    taskAttempts: new Counter({
      name: 'offload_task_attempts_total',
      help: 'Finished attempts by type and outcome.',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    taskDuration: new Histogram({
      name: 'offload_task_duration_seconds',
      help: 'Duration of finished attempts.',
      labelNames: ['type'] as const,
      // Tasks range from sub-second calls to long exports: spread the buckets up to an hour.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    leaseRescues: new Counter({
      name: 'offload_lease_rescues_total',
      help: 'Running tasks whose lease expired and were requeued or failed by the rescuer.',
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'offload_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'offload_http_requests_total',
      help: 'HTTP requests by method, route template and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
  };
}
