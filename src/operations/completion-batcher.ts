import type { TaskRow } from '../domain/task.ts';
import type { TaskCompleteParams } from '../store/attempt-store.ts';
import { createWriteBatcher } from '../engine/write-batcher.ts';
import type { Store } from '../store/store.ts';

// Group commit for HTTP workers' results, as the executor does for in-process ones: the
// `complete` reports of one event-loop turn are written with ONE taskCompleteMany (one
// transaction, one statistics write per type) instead of one transaction each. Only on the store
// the batcher writes to; a report inside a caller's transaction writes on its own.

const MAX_BATCH = 500;

export interface CompletionBatcher {
  readonly store: Store;
  complete(params: TaskCompleteParams): Promise<TaskRow | null>;
}

export function createCompletionBatcher(store: Store): CompletionBatcher {
  const batcher = createWriteBatcher<TaskCompleteParams, TaskRow | null>({
    many: (items) => store.taskCompleteMany({ items }),
    one: (item) => store.taskComplete(item),
    maxBatch: MAX_BATCH,
    key: (item) => item.id,
    onBatchFailure: 'retry-each',
  });
  return { store, complete: (params) => batcher.write(params) };
}
