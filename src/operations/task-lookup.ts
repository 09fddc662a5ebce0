import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// One lookup for every route on /v1/tasks/{id}: malformed or unknown ids and other tenants' tasks
// are 404 (no existence oracle), destroyed or purged ones 410. A running task whose destroy was
// requested counts as gone already: the runner only finishes what the client asked for.

export async function loadTask(store: Store, tenant: string | null, id: string): Promise<TaskRow> {
  if (!isWellFormedId(id, 'tsk')) throw taskNotFound(id);
  const task = await store.taskGet({ tenant, id });
  if (task && !task.destroyRequested) return task;
  if (task || (await store.tombstoneGet({ tenant, id }))) throw taskGone(id);
  throw taskNotFound(id);
}

export function taskNotFound(id: string): ProblemError {
  return new ProblemError('task-not-found', `No task ${id}.`);
}

export function taskGone(id: string): ProblemError {
  return new ProblemError('task-gone', `Task ${id} was destroyed or has expired.`);
}
