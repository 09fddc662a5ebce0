import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// Following one task's row (the event stream): a callback on every change this process hears of,
// plus a poll, because processes sharing a SQLite file announce nothing to each other.

/** Calls `onChange` (maybe spuriously) whenever the task may have changed; returns the unsubscribe. */
export function watchTask(store: Store, params: { id: string; pollMs: number; onChange: () => void }): () => void {
  const { id, onChange } = params;
  const unsubscribe = store.events.onTaskChanged((changed) => {
    if (changed === id) onChange();
  });
  const poll = setInterval(onChange, params.pollMs);
  return () => {
    unsubscribe();
    clearInterval(poll);
  };
}

/** The task as it is now, or null once it is gone (destroyed, purged, or its destroy requested). */
export async function currentTask(store: Store, params: { tenant: string | null; id: string }): Promise<TaskRow | null> {
  const task = await store.taskGet(params);
  return task && !task.destroyRequested ? task : null;
}
