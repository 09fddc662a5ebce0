import type { NewTask, TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// Group commit for plain submissions (no customId, no Idempotency-Key): the tasks that concurrent
// requests submit in one event-loop turn are inserted with ONE `taskInsertMany` (one transaction,
// one commit; on PostgreSQL one round trip) instead of one transaction each. Each request still gets
// its own row; if the batch fails as a whole, every task is retried on its own so that each request
// gets its own answer (a conflict or an outage), exactly as without batching.

/** Bounds one commit's size (and how long it holds SQLite's write lock). */
const MAX_BATCH = 500;

interface Waiter {
  task: NewTask;
  resolve: (row: TaskRow) => void;
  reject: (err: unknown) => void;
}

export interface InsertBatcher {
  /** The store the batches are written to (callers inside a transaction must not use the batcher). */
  readonly store: Store;
  insert(task: NewTask): Promise<TaskRow>;
}

export function createInsertBatcher(store: Store): InsertBatcher {
  const queue: Waiter[] = [];
  let scheduled = false;

  async function flush(batch: Waiter[]): Promise<void> {
    if (batch.length === 1) {
      const only = batch[0]!;
      await store.taskInsert({ task: only.task }).then((r) => only.resolve(r.task), only.reject);
      return;
    }
    let rows: TaskRow[];
    try {
      rows = (await store.taskInsertMany({ tasks: batch.map((w) => w.task) })).tasks;
    } catch {
      // All or nothing failed: one by one, each request gets its own outcome.
      await Promise.all(batch.map((w) => store.taskInsert({ task: w.task }).then((r) => w.resolve(r.task), w.reject)));
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(rows[i]!);
  }

  function run(): void {
    scheduled = false;
    // flush settles every waiter itself and never rejects.
    while (queue.length > 0) void flush(queue.splice(0, MAX_BATCH));
  }

  return {
    store,
    insert(task) {
      return new Promise<TaskRow>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // After the I/O phase: every request parsed in this turn joins the batch.
          setImmediate(run);
        }
      });
    },
  };
}
