import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { Metadata, TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import { assertHttpUrl } from './submitter.ts';
import { loadTask, taskGone } from './task-lookup.ts';

// Change a task that has not started (priority, runAt, metadata, callbackUrl), guarded by the
// version the client last saw (If-Match): 412 when the task changed since, 409 once it left
// pending/queued. The store re-checks the version atomically with the change.

type TaskPatch = Parameters<Store['taskUpdate']>[0]['patch'];

export interface TaskChanges {
  priority?: number;
  /** RFC 3339. */
  runAt?: string;
  metadata?: Metadata | null;
  callbackUrl?: string | null;
}

/** Versions the client's entity tags name; `any` for `If-Match: *`. */
export type ExpectedVersions = { any: true } | { any: false; versions: number[] };

export async function updateTask(
  store: Store,
  params: { tenant: string | null; id: string; expected: ExpectedVersions; changes: TaskChanges },
  deps: { config: Pick<Config, 'webhooks'>; now: () => number },
): Promise<TaskRow> {
  const { tenant, id, expected, changes } = params;
  const task = await loadTask(store, tenant, id);
  if (!expected.any && !expected.versions.includes(task.version)) throw preconditionFailed(id);
  if (typeof changes.callbackUrl === 'string') assertHttpUrl(changes.callbackUrl, '/callbackUrl', deps.config.webhooks);
  const patch: TaskPatch = {};
  if (changes.priority !== undefined) patch.priority = changes.priority;
  if (changes.runAt !== undefined) patch.runAt = Date.parse(changes.runAt);
  if (changes.metadata !== undefined) patch.metadata = changes.metadata;
  if (changes.callbackUrl !== undefined) patch.callbackUrl = changes.callbackUrl;
  const result = await store.taskUpdate({ tenant, id, version: task.version, patch, now: deps.now() });
  if (!result) {
    // Destroyed meanwhile: the lookup answers 404/410.
    await loadTask(store, tenant, id);
    throw taskGone(id);
  }
  if (result.outcome === 'version-mismatch') throw preconditionFailed(id);
  if (result.outcome === 'wrong-state') throw wrongState(result.task);
  return result.task;
}

function preconditionFailed(id: string): ProblemError {
  return new ProblemError('precondition-failed', `Task ${id} changed; fetch it again for its current ETag.`);
}

function wrongState(task: TaskRow): ProblemError {
  return new ProblemError('task-state-conflict', `Task ${task.id} is ${task.status}; only pending or queued tasks can change.`, {
    extensions: { taskId: task.id, taskStatus: task.status },
  });
}
