import type { Config } from '../config/defaults.ts';
import { isTerminal, type TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import { loadTask } from './task-lookup.ts';
import { waitForTask } from './wait-for-task.ts';

// Read a task (the status monitor), optionally long-polling: with `waitSeconds` the answer comes as
// soon as the task changes or the time is up — unless the task is already finished or the client's
// copy is already stale (it should get the current one at once).

export interface GetTaskParams {
  tenant: string | null;
  id: string;
  /** Long-poll for up to this many seconds (already capped); null: answer at once. */
  waitSeconds: number | null;
  /** Whether the client's copy (If-None-Match) is the current version; a stale copy is answered at once. */
  clientHasCurrent: (task: TaskRow) => boolean;
  signal?: AbortSignal;
}

export async function getTask(
  store: Store,
  params: GetTaskParams,
  deps: { config: Pick<Config, 'worker'> },
): Promise<{ task: TaskRow; waited: boolean }> {
  const task = await loadTask(store, params.tenant, params.id);
  // Inside a transaction (an atomic batch group) nothing can change the task before it commits.
  if (!params.waitSeconds || store.inTransaction || isTerminal(task.status) || !params.clientHasCurrent(task)) return { task, waited: false };
  const start = task.version;
  await waitForTask({
    store,
    id: task.id,
    version: start,
    timeoutMs: params.waitSeconds * 1000,
    pollMs: deps.config.worker.pollIntervalMs,
    signal: params.signal,
    until: (t) => t === null || t.version !== start,
  });
  return { task: await loadTask(store, params.tenant, task.id), waited: true };
}
