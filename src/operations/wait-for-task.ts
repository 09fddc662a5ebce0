import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// Holds a request until a task reaches a condition or time runs out. Changes in this process
// arrive as events; changes by other processes (SQLite has no cross-process notifications) are
// caught by polling the task's version every `pollMs`.

export interface WaitParams {
  store: Store;
  id: string;
  /** The version the caller has seen; a row is re-read only when its version differs. */
  version: number;
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal;
  /** Stop waiting when this holds for the re-read row (null: the row is gone). */
  until: (task: TaskRow | null) => boolean;
}

export async function waitForTask(params: WaitParams): Promise<void> {
  const { store, id, signal } = params;
  const deadline = Date.now() + params.timeoutMs;
  let seen = params.version;
  let wake: (() => void) | null = null;
  const unsubscribe = store.events.onTaskChanged((changed) => {
    if (changed === id) wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const versions = await store.taskVersions({ ids: [id] });
      const version = versions.get(id);
      if (version === undefined) {
        if (params.until(null)) return;
      } else if (version !== seen) {
        seen = version;
        if (params.until(await store.taskGet({ tenant: null, id }))) return;
      }
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(params.pollMs, left));
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
