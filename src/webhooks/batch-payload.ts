import type { BatchWorkProgress } from '../domain/batch-progress.ts';
import type { BatchRow } from '../store/batch-store.ts';
import type { BatchEventRow } from '../store/batch-store.ts';

// The body of a batch event webhook: `{ type: "batch.completed", timestamp, data: { batch } }`, the
// batch as it was when it completed (its dispatch and the work its sub-requests started, summed;
// the sub-responses themselves are at `links.self`).

export function batchEventDocument(batch: BatchRow, work: BatchWorkProgress, completedAt: number): Record<string, unknown> {
  return {
    id: batch.id,
    status: 'completed',
    progress: { done: batch.done, total: batch.total },
    tasks: { total: work.total, byStatus: work.byStatus, percent: work.percent },
    createdAt: iso(batch.createdAt),
    ...(batch.dispatchedAt !== null ? { dispatchedAt: iso(batch.dispatchedAt) } : {}),
    completedAt: iso(completedAt),
    links: { self: `/v1/batches/${batch.id}` },
  };
}

/** The exact body bytes, fixed once so every attempt sends (and signs) the same. */
export function batchEventBody(event: BatchEventRow): string {
  return JSON.stringify({ type: event.type, timestamp: iso(event.createdAt), data: { batch: event.batch } });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
