import type { operations } from './openapi-types.ts';

// Every operation of the OpenAPI document, by operationId: its method and path template, and how a
// request may be retried. `satisfies` ties the table to the generated types, so when a route is
// added on the server and the types are regenerated, this file stops compiling until the new
// operation has its row (and test/client/client-operations.test.ts checks the rows against the
// document). A row is all that `OffloadClient.call()` needs; a named method is a thin wrapper.

/**
 * When a failed attempt may be sent again:
 * - `idempotent`: repeating it has the effect of doing it once (reads, PUT, DELETE, cancel, PATCH
 *   with If-Match): retried after a network error, a 429, a 503 or a 502/504. The effect, not the
 *   answer: a DELETE or PATCH whose first answer was lost may answer its retry 410 or 412, the
 *   first having been applied.
 * - `keyed`: safe because the client sends an `Idempotency-Key` (generated unless given): retried
 *   like `idempotent`, and also after `submission-outcome-unknown` and `idempotency-key-in-flight`.
 * - `unsafe`: a repeat could do it twice: retried only when the server provably did nothing (the
 *   connection was refused, 429 `rate-limited`, 503 `service-unavailable`).
 */
export type RetrySafety = 'idempotent' | 'keyed' | 'unsafe';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI path template, `{name}` for path parameters. */
  path: string;
  retry: RetrySafety;
}

export type OperationId = keyof operations;

export const OPERATIONS = {
  // Tasks
  submitTask: { method: 'POST', path: '/v1/tasks', retry: 'keyed' },
  submitTaskWithId: { method: 'PUT', path: '/v1/tasks/{id}', retry: 'idempotent' },
  reserveTaskId: { method: 'POST', path: '/v1/task-ids', retry: 'idempotent' }, // a spare reservation just expires
  submitTasksBulk: { method: 'POST', path: '/v1/tasks/bulk', retry: 'keyed' },
  getTask: { method: 'GET', path: '/v1/tasks/{id}', retry: 'idempotent' },
  listTasks: { method: 'GET', path: '/v1/tasks', retry: 'idempotent' },
  getTaskResult: { method: 'GET', path: '/v1/tasks/{id}/result', retry: 'idempotent' },
  streamTaskEvents: { method: 'GET', path: '/v1/tasks/{id}/events', retry: 'idempotent' },
  updateTask: { method: 'PATCH', path: '/v1/tasks/{id}', retry: 'idempotent' }, // If-Match: a repeat is refused, not applied twice
  cancelTask: { method: 'POST', path: '/v1/tasks/{id}/cancel', retry: 'idempotent' },
  destroyTask: { method: 'DELETE', path: '/v1/tasks/{id}', retry: 'idempotent' },
  listTaskTypes: { method: 'GET', path: '/v1/task-types', retry: 'idempotent' },
  // Not idempotent: a repeat finds the task queued (409) only while the attempt it asked for has not
  // failed yet; a task that fails fast is failed again by then, and the repeat queues it once more.
  retryTask: { method: 'POST', path: '/v1/tasks/{id}/retry', retry: 'unsafe' },
  // Queues, workers and schedules
  listQueues: { method: 'GET', path: '/v1/queues', retry: 'idempotent' },
  getQueueThroughput: { method: 'GET', path: '/v1/queues/throughput', retry: 'idempotent' },
  pauseQueue: { method: 'POST', path: '/v1/queues/{type}/pause', retry: 'idempotent' },
  resumeQueue: { method: 'POST', path: '/v1/queues/{type}/resume', retry: 'idempotent' },
  listWorkers: { method: 'GET', path: '/v1/workers', retry: 'idempotent' },
  createSchedule: { method: 'POST', path: '/v1/schedules', retry: 'unsafe' },
  listSchedules: { method: 'GET', path: '/v1/schedules', retry: 'idempotent' },
  getSchedule: { method: 'GET', path: '/v1/schedules/{id}', retry: 'idempotent' },
  pauseSchedule: { method: 'POST', path: '/v1/schedules/{id}/pause', retry: 'idempotent' },
  resumeSchedule: { method: 'POST', path: '/v1/schedules/{id}/resume', retry: 'idempotent' },
  deleteSchedule: { method: 'DELETE', path: '/v1/schedules/{id}', retry: 'idempotent' },
  // The worker protocol (worker keys): claims lease tasks; a lost claim's leases just expire
  claimTasks: { method: 'POST', path: '/v1/workers/claim', retry: 'unsafe' },
  heartbeatLease: { method: 'POST', path: '/v1/leases/{token}/heartbeat', retry: 'idempotent' },
  reportLeaseProgress: { method: 'POST', path: '/v1/leases/{token}/progress', retry: 'idempotent' },
  completeLease: { method: 'POST', path: '/v1/leases/{token}/complete', retry: 'idempotent' }, // fenced: a repeat is 409 lease-lost
  failLease: { method: 'POST', path: '/v1/leases/{token}/fail', retry: 'idempotent' },
  // Batches and task groups: a batch is not keyed itself (its sub-requests carry their own keys),
  // so a repeat could run the unkeyed ones again
  submitBatch: { method: 'POST', path: '/v1/batch', retry: 'unsafe' },
  listBatches: { method: 'GET', path: '/v1/batches', retry: 'idempotent' },
  getBatch: { method: 'GET', path: '/v1/batches/{id}', retry: 'idempotent' },
  getTaskGroup: { method: 'GET', path: '/v1/task-groups/{id}', retry: 'idempotent' },
  // Files: an upload creates a file, so a repeat would create a second one
  uploadFile: { method: 'POST', path: '/v1/files', retry: 'unsafe' },
  listFiles: { method: 'GET', path: '/v1/files', retry: 'idempotent' },
  getFile: { method: 'GET', path: '/v1/files/{id}', retry: 'idempotent' },
  getFileContent: { method: 'GET', path: '/v1/files/{id}/content', retry: 'idempotent' },
  deleteFile: { method: 'DELETE', path: '/v1/files/{id}', retry: 'idempotent' },
  download: { method: 'GET', path: '/v1/downloads/{token}', retry: 'idempotent' },
  // Keys (admin keys) and the caller
  getCaller: { method: 'GET', path: '/v1/me', retry: 'idempotent' },
  createApiKey: { method: 'POST', path: '/v1/keys', retry: 'unsafe' },
  listApiKeys: { method: 'GET', path: '/v1/keys', retry: 'idempotent' },
  revokeApiKey: { method: 'DELETE', path: '/v1/keys/{id}', retry: 'idempotent' },
  // Webhooks
  createWebhookEndpoint: { method: 'POST', path: '/v1/webhook-endpoints', retry: 'unsafe' },
  listWebhookEndpoints: { method: 'GET', path: '/v1/webhook-endpoints', retry: 'idempotent' },
  getWebhookEndpoint: { method: 'GET', path: '/v1/webhook-endpoints/{id}', retry: 'idempotent' },
  updateWebhookEndpoint: { method: 'PATCH', path: '/v1/webhook-endpoints/{id}', retry: 'idempotent' },
  deleteWebhookEndpoint: { method: 'DELETE', path: '/v1/webhook-endpoints/{id}', retry: 'idempotent' },
  rotateWebhookEndpointSecret: { method: 'POST', path: '/v1/webhook-endpoints/{id}/rotate-secret', retry: 'unsafe' },
  listWebhookDeliveries: { method: 'GET', path: '/v1/webhook-endpoints/{id}/deliveries', retry: 'idempotent' },
  redeliverWebhook: { method: 'POST', path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver', retry: 'unsafe' },
  rotateWebhookCallbackSecret: { method: 'POST', path: '/v1/webhook-callback-secret', retry: 'unsafe' },
  getWebhookCallbackSecret: { method: 'GET', path: '/v1/webhook-callback-secret', retry: 'idempotent' },
  // Operations and documentation (no API key needed)
  getHealth: { method: 'GET', path: '/healthz', retry: 'idempotent' },
  getReadiness: { method: 'GET', path: '/readyz', retry: 'idempotent' },
  getMetrics: { method: 'GET', path: '/metrics', retry: 'idempotent' },
  getOpenApiDocument: { method: 'GET', path: '/openapi.json', retry: 'idempotent' },
  listProblemTypes: { method: 'GET', path: '/problems', retry: 'idempotent' },
  getProblemType: { method: 'GET', path: '/problems/{code}', retry: 'idempotent' },
} as const satisfies Record<OperationId, OperationSpec>;

/** `/v1/tasks/{id}` with `{ id: 'tsk_…' }` → `/v1/tasks/tsk_…` (each value percent-encoded). */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}
