import type { TaskRow } from '../domain/task.ts';
import { isListCursor } from '../store/list-cursor.ts';
import type { Store, TaskListParams } from '../store/store.ts';
import { fieldProblem } from './submitter.ts';

// List tasks newest first, filtered, one page at a time. A cursor that is not one of ours is the
// client's mistake (422 pointing at the cursor), never a store error.

export async function listTasks(store: Store, params: TaskListParams): Promise<{ tasks: TaskRow[]; nextCursor: string | null }> {
  const { cursor } = params;
  if (cursor !== undefined && !isListCursor(cursor)) throw badCursor();
  return store.taskList(params).catch((err: unknown) => {
    // The store parses the cursor too; its RangeError is still the client's cursor, never a 500.
    throw cursor !== undefined && err instanceof RangeError ? badCursor() : err;
  });
}

function badCursor() {
  return fieldProblem('/query/cursor', 'is not a cursor from this server; pass nextCursor as given');
}
