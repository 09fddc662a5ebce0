import { type TaskRow, taskErrorForApi } from '../domain/task.ts';
import type { TaskEventRow } from '../store/webhook-store.ts';

// The body of a task event webhook: `{ type, timestamp, data: { task } }` (docs/webhooks.md). The
// task document follows the API's task document, from the event's snapshot of the row, without the
// parts that need live state (position, estimates): a webhook reports what happened, when.

export function webhookTaskDocument(task: TaskRow): Record<string, unknown> {
  const self = `/v1/tasks/${task.id}`;
  const doc: Record<string, unknown> = { id: task.id, type: task.type, status: task.status };
  if (task.customId !== null) doc.customId = task.customId;
  doc.priority = task.priority;
  if (task.metadata !== null) doc.metadata = task.metadata;
  const reported = task.progress.percent !== null;
  const progress: Record<string, unknown> = {
    percent: task.status === 'succeeded' ? 100 : (task.progress.percent ?? 0),
    source: task.status === 'succeeded' || reported ? 'reported' : 'none',
  };
  if (task.progress.message !== null) progress.message = task.progress.message;
  if (task.progress.current !== null) progress.current = task.progress.current;
  if (task.progress.total !== null) progress.total = task.progress.total;
  doc.progress = progress;
  doc.attempts = { count: task.attempts, max: task.maxAttempts };
  doc.timeoutSeconds = task.timeoutSeconds;
  doc.createdAt = iso(task.createdAt);
  if (task.startedAt !== null) doc.startedAt = iso(task.startedAt);
  doc.updatedAt = iso(task.updatedAt);
  if (task.finishedAt !== null) doc.finishedAt = iso(task.finishedAt);
  doc.expiresAt = iso(task.expiresAt);
  doc.cancelRequested = task.cancelRequested;
  if (task.status === 'succeeded') doc.result = task.resultJson === null ? null : JSON.parse(task.resultJson);
  if (task.error !== null && (task.status === 'failed' || task.status === 'canceled')) doc.error = taskErrorForApi(task.error);
  doc.links = { self, result: `${self}/result`, cancel: `${self}/cancel`, events: `${self}/events` };
  return doc;
}

/** The exact body bytes of an event, fixed once so every attempt sends (and signs) the same. */
export function webhookBody(event: TaskEventRow): string {
  return JSON.stringify({ type: event.type, timestamp: iso(event.createdAt), data: { task: webhookTaskDocument(event.task) } });
}

/**
 * Whether an endpoint's filter takes an event type. No filter means every type except
 * task.progress, which is opt-in: only an endpoint that lists it gets it.
 */
export function eventTypeMatches(filter: string[] | null, type: string): boolean {
  if (filter === null || filter.length === 0) return type !== 'task.progress';
  return filter.includes(type);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
