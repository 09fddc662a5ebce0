import type { NewTask, TaskRow } from '../domain/task.ts';
import { createWriteBatcher } from '../engine/write-batcher.ts';
import type { Store } from '../store/store.ts';

// Group commit for plain submissions (no customId, no Idempotency-Key): the tasks that concurrent
// requests submit in one event-loop turn are inserted with ONE `taskInsertMany` (one transaction,
// one commit; on PostgreSQL one round trip) instead of one transaction each. Each request still gets
// its own row; if the batch fails as a whole, every task is retried on its own so that each request
// gets its own answer (a conflict or an outage), exactly as without batching.

/** Bounds one commit's size (and how long it holds SQLite's write lock). */
const MAX_BATCH = 500;

export interface InsertBatcher {
  /** The store the batches are written to (callers inside a transaction must not use the batcher). */
  readonly store: Store;
  insert(task: NewTask): Promise<TaskRow>;
}

export function createInsertBatcher(store: Store): InsertBatcher {
  const batcher = createWriteBatcher<NewTask, TaskRow>({
    many: async (tasks) => (await store.taskInsertMany({ tasks })).tasks,
    one: async (task) => (await store.taskInsert({ task })).task,
    maxBatch: MAX_BATCH,
    onBatchFailure: 'retry-each',
  });
  return { store, insert: (task) => batcher.write(task) };
}
