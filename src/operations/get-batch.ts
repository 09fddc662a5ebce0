import type { Config } from '../config/defaults.ts';
import { type BatchWorkProgress, batchWorkProgress } from '../domain/batch-progress.ts';
import type { DurationStats } from '../domain/estimates.ts';
import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { BatchResponseRow, BatchRow } from '../store/batch-store.ts';
import type { Store } from '../store/store.ts';
import type { TaskTypes } from './task-types.ts';

// Read a stored batch (its status monitor): the dispatch (status, sub-responses so far) and the work
// its sub-requests started (their tasks, summed). Long-polls like a task: with `waitSeconds` the
// answer comes as soon as either changes, or when the time is up.

export interface BatchView {
  batch: BatchRow;
  responses: BatchResponseRow[];
  work: BatchWorkProgress;
  /** The first `limits.pageSizeMax` linked tasks; `moreTasks` when there are others. */
  taskIds: string[];
  moreTasks: boolean;
}

export interface GetBatchDeps {
  config: Readonly<Pick<Config, 'limits' | 'worker'>>;
  taskTypes: TaskTypes;
  now: () => number;
}

export function batchNotFound(id: string): ProblemError {
  return new ProblemError('batch-not-found', `No batch ${id}.`);
}

export async function loadBatchView(store: Store, tenant: string | null, id: string, deps: GetBatchDeps): Promise<BatchView> {
  const batch = isWellFormedId(id, 'bat') ? await store.batchGet({ tenant, id }) : null;
  if (!batch) throw batchNotFound(id);
  const now = deps.now();
  const max = deps.config.limits.pageSizeMax;
  const [responses, rows, ids] = await Promise.all([
    store.batchResponses({ id }),
    store.batchTaskSummary({ id, now }),
    store.batchTaskIds({ id, limit: max + 1 }),
  ]);
  const stats = new Map<string, DurationStats | null>();
  for (const type of new Set(rows.filter((r) => r.status === 'pending' || r.status === 'queued' || r.status === 'running').map((r) => r.type))) {
    stats.set(type, await store.typeStatsGet({ type }));
  }
  const work = batchWorkProgress({
    rows,
    stats,
    parallelism: (type) => deps.taskTypes.get(type)?.concurrency ?? deps.config.worker.typeConcurrency,
    now,
  });
  return { batch, responses, work, taskIds: ids.slice(0, max), moreTasks: ids.length > max };
}

/** What a long-poll waits to change: the dispatch (version) and the tasks' statuses. */
function stateOf(view: BatchView): string {
  return `${view.batch.version}:${JSON.stringify(view.work.byStatus)}:${view.work.percent}`;
}

export async function getBatch(
  store: Store,
  params: {
    tenant: string | null;
    id: string;
    waitSeconds: number | null;
    /** Whether the client's copy (If-None-Match) is current; a stale copy is answered at once. */
    clientHasCurrent: (view: BatchView) => boolean;
    signal?: AbortSignal;
  },
  deps: GetBatchDeps,
): Promise<{ view: BatchView; waited: boolean }> {
  let view = await loadBatchView(store, params.tenant, params.id, deps);
  if (!params.waitSeconds || store.inTransaction || view.batch.status === 'completed' || !params.clientHasCurrent(view)) {
    return { view, waited: false };
  }
  const start = stateOf(view);
  const deadline = Date.now() + params.waitSeconds * 1000;
  // Any task change may be one of this batch's; the poll catches other processes' changes on SQLite.
  let wake: (() => void) | null = null;
  const off = store.events.onTaskChanged(() => wake?.());
  const onAbort = () => wake?.();
  params.signal?.addEventListener('abort', onAbort);
  try {
    while (!params.signal?.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(deps.config.worker.pollIntervalMs, left));
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
      view = await loadBatchView(store, params.tenant, params.id, deps);
      if (stateOf(view) !== start) break;
    }
  } finally {
    off();
    params.signal?.removeEventListener('abort', onAbort);
  }
  return { view, waited: true };
}
