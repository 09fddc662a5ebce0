import { cleanupAlreadyRan, runTaskCleanup } from '../engine/task-cleanup.ts';
import type { Store } from '../store/store.ts';
import type { OperationLog } from './operation-log.ts';
import { loadTask, taskGone } from './task-lookup.ts';
import type { TaskTypes } from './task-types.ts';

// Destroy a task: it is canceled if active, its type's cleanup runs, its row (result, input) goes and
// a tombstone stays, so every later call on the id answers 410. A running handler is asked to stop
// first; the runner finishes the destroy when it has (202 meanwhile).

export interface DestroyResult {
  /** 204 destroyed; 202 while a running handler is still stopping. */
  status: 202 | 204;
}

export async function destroyTask(
  store: Store,
  params: { tenant: string | null; id: string; log: OperationLog },
  deps: { taskTypes: TaskTypes; now: () => number },
): Promise<DestroyResult> {
  const { tenant, id } = params;
  const task = await loadTask(store, tenant, id);
  if (task.status === 'running') {
    const requested = await store.taskRequestDestroy({ tenant, id, now: deps.now() });
    if (!requested) return vanished(store, tenant, id);
    if (requested.status === 'running') return { status: 202 };
  }
  // Cleanup failures are logged, never block the destroy: the client asked for the task to go.
  if (!cleanupAlreadyRan(task)) await runTaskCleanup(deps.taskTypes.get(task.type)?.cleanup, params.log, task, 'destroyed');
  const destroyed = await store.taskDestroy({ tenant, id, reason: 'destroyed', now: deps.now() });
  if (!destroyed) return vanished(store, tenant, id);
  return { status: 204 };
}

/** Destroyed or expired by someone else meanwhile: the lookup answers 404/410. */
async function vanished(store: Store, tenant: string | null, id: string): Promise<never> {
  await loadTask(store, tenant, id);
  throw taskGone(id);
}
