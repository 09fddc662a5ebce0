import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/store.ts';

// Prometheus instruments for the whole process. One `Metrics` per app (or per server process):
// prom-client's global default registry is never used, so tests and several apps in one process
// don't share counters. The server entry creates one and hands the same object to `buildApp` and
// to the runner/services, which increment the counters below.

export interface Metrics {
  registry: Registry;
  /** Queue depth; filled from the store at scrape time by `GET /metrics` (the same on every node). */
  tasks: Gauge<'type' | 'status'>;
  /** Seconds the oldest runnable (queued) task of a type has waited; from the store at scrape time. */
  queueOldestAge: Gauge<'type'>;
  /** Tasks this process created (committed), by type: fed by the store's onTasksCreated. */
  tasksSubmitted: Counter<'type'>;
  /** outcome: succeeded | retried | failed | timeout | canceled | destroyed | released | lost-lease */
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
    queueOldestAge: new Gauge({
      name: 'offload_queue_oldest_age_seconds',
      help: 'How long the oldest queued (runnable) task of each type has waited (read at scrape time).',
      labelNames: ['type'] as const,
      registers,
    }),
    tasksSubmitted: new Counter({
      name: 'offload_tasks_submitted_total',
      help: 'Tasks created by this process (submit, bulk, batch), counted when their transaction commits.',
      labelNames: ['type'] as const,
      registers,
    }),
    taskAttempts: new Counter({
      name: 'offload_task_attempts_total',
      help: 'Attempts recorded by this process (in-process runners and HTTP worker reports), by type and outcome.',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    taskDuration: new Histogram({
      name: 'offload_task_duration_seconds',
      help: 'Duration of recorded attempts, from their claim to their outcome.',
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

/** Feeds the counters that come from the node's own work into `metrics`; returns the unsubscribe. */
export function observeNode(metrics: Metrics, store: Pick<Store, 'events'>): () => void {
  return store.events.onTasksCreated((type, count) => metrics.tasksSubmitted.inc({ type }, count));
}

/** For the engine's onAttemptRecorded: one attempt, counted by outcome and timed. */
export function attemptRecorder(metrics: Metrics) {
  return (attempt: { type: string; outcome: string; durationMs: number }) => {
    const outcome = attempt.outcome === 'lease-lost' ? 'lost-lease' : attempt.outcome;
    metrics.taskAttempts.inc({ type: attempt.type, outcome });
    if (attempt.outcome !== 'lease-lost') metrics.taskDuration.observe({ type: attempt.type }, attempt.durationMs / 1000);
  };
}
