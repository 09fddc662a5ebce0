import { ProblemError } from '../domain/problems.ts';
import { type TaskRow, taskErrorForApi } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import { loadTask } from './task-lookup.ts';

// A task's result: the JSON of a succeeded task; a failed or canceled one answers 409 with its error;
// an unfinished one is `pending` — the caller says how far it is (position, estimates).

export type TaskResult = { state: 'ready'; resultJson: string | null; task: TaskRow } | { state: 'pending'; task: TaskRow };

export async function getTaskResult(store: Store, params: { tenant: string | null; id: string }): Promise<TaskResult> {
  const task = await loadTask(store, params.tenant, params.id);
  if (task.status === 'succeeded') return { state: 'ready', resultJson: task.resultJson, task };
  if (task.status === 'failed' || task.status === 'canceled') {
    const code = task.status === 'failed' ? 'task-failed' : 'task-canceled';
    throw new ProblemError(code, `Task ${task.id} ${task.status}; there is no result.`, {
      extensions: { taskId: task.id, error: task.error === null ? null : taskErrorForApi(task.error) },
    });
  }
  return { state: 'pending', task };
}
