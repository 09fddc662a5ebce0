import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import { loadTask } from './task-lookup.ts';

// Retry a task by hand (POST /v1/tasks/{id}/retry): a failed or canceled task goes back to its
// queue with the same id for at least one more attempt (maxAttempts grows to attempts + 1 when
// it was used up); its error and result are cleared, and it expires as an unstarted submission
// would. Any other state is 409.

export async function retryTask(
  store: Store,
  params: { tenant: string | null; id: string },
  deps: { config: Pick<Config, 'retention'>; now: () => number },
): Promise<TaskRow> {
  const { tenant, id } = params;
  await loadTask(store, tenant, id);
  const now = deps.now();
  const retried = await store.taskRetry({ tenant, id, now, expiresAt: now + deps.config.retention.unstartedSeconds * 1000 });
  if (retried) return retried;
  // Not retried: gone meanwhile (404/410 from the lookup) or in another state (409).
  const current = await loadTask(store, tenant, id);
  throw new ProblemError('task-state-conflict', `Task ${id} is ${current.status}: only failed or canceled tasks can be retried.`, {
    extensions: { taskId: id, taskStatus: current.status },
  });
}
