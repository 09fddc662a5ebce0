import { isTerminal, type TaskDocument } from './api-types.ts';
import { followDocument, type WaitOptions } from './document-follower.ts';
import { WaitTimeoutError } from './offload-error.ts';

// Following a task to its end: its status monitor long-polled (document-follower.ts) until the
// task is succeeded, failed or canceled.

export type { WaitOptions } from './document-follower.ts';

export interface Poll {
  status: 200 | 304;
  /** The document (200 only). */
  task: TaskDocument | null;
  etag: string | null;
  retryAfter: number | null;
  /** The `Prefer` the server honoured, e.g. `wait=20`: it held the request. */
  preferenceApplied: string | null;
}

export type PollFn = (id: string, options: { etag: string | null; waitSeconds: number | null; signal: AbortSignal }) => Promise<Poll>;

/** Every new version of the task's document, the current one first, ending with the terminal one. */
export function followTask(poll: PollFn, id: string, options: WaitOptions = {}): AsyncGenerator<TaskDocument, void, undefined> {
  return followDocument<TaskDocument>(
    {
      poll: async (request) => {
        const { task, ...answer } = await poll(id, request);
        return { ...answer, document: task };
      },
      finished: (task) => isTerminal(task.status),
      timedOut: () => new WaitTimeoutError(id),
    },
    options,
  );
}
