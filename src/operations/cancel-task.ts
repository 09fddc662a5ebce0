import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { TaskRow } from '../domain/task.ts';
import { taskError } from '../engine/task-errors.ts';
import type { Store } from '../store/store.ts';
import { loadTask, taskGone } from './task-lookup.ts';

// Cancel a task: pending/queued → canceled now (200); running → cancel requested, the handler's
// signal fires on whichever runner holds it (202); already canceled → 200; succeeded/failed → 409.

export interface CancelResult {
  task: TaskRow;
  status: 200 | 202;
}

export async function cancelTask(
  store: Store,
  params: { tenant: string | null; id: string },
  deps: { config: Pick<Config, 'retention'>; now: () => number },
): Promise<CancelResult> {
  const { tenant, id } = params;
  await loadTask(store, tenant, id);
  const error = taskError('canceled', 'Canceled by the client.');
  const retentionMs = deps.config.retention.finishedSeconds * 1000;
  const result = await store.taskCancel({ tenant, id, error, now: deps.now(), retentionMs });
  if (!result) {
    // Destroyed meanwhile: the lookup answers 404/410.
    await loadTask(store, tenant, id);
    throw taskGone(id);
  }
  if (result.outcome === 'finished') {
    throw new ProblemError('task-state-conflict', `Task ${id} already ${result.task.status}.`, {
      extensions: { taskId: id, taskStatus: result.task.status },
    });
  }
  return { task: result.task, status: result.outcome === 'requested' ? 202 : 200 };
}
