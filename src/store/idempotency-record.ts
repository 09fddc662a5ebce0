import type { IdempotencyResult } from './record-store.ts';

// An idempotency record links either the task a single submission created (`task_id`) or a bulk
// submission's item outcomes (`outcome`): the same two columns in both dialects.

/** What the record links, from its row; null while the request has recorded neither. */
export function recordedResult(row: { task_id?: unknown; outcome?: unknown }): IdempotencyResult | null {
  if (row.outcome != null) return { outcome: row.outcome as string };
  if (row.task_id != null) return { taskId: row.task_id as string };
  return null;
}

/** The two columns for a result (the other one null). */
export function resultColumns(result: IdempotencyResult): { taskId: string | null; outcome: string | null } {
  return 'taskId' in result ? { taskId: result.taskId, outcome: null } : { taskId: null, outcome: result.outcome };
}
