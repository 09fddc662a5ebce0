import type { ProgressUpdate } from './define-task.ts';
import type { TaskProgress } from '../domain/task.ts';

// ctx.progress is cheap to call in a tight loop; the store sees at most one write per
// `intervalMs`, and the last update is always written (flush() before the outcome).

export interface ProgressThrottle {
  report(update: number | ProgressUpdate): void;
  /** Writes the pending update, if any, and waits for writes in flight. */
  flush(): Promise<void>;
  /** Drops anything pending; later reports are ignored. */
  close(): void;
}

export function createProgressThrottle(options: {
  intervalMs: number;
  write(progress: TaskProgress): Promise<void>;
  onError(err: unknown): void;
}): ProgressThrottle {
  const state: TaskProgress = { percent: null, message: null, current: null, total: null };
  let dirty = false;
  let closed = false;
  let lastWriteAt = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();

  const write = () => {
    timer = null;
    if (!dirty || closed) return;
    dirty = false;
    lastWriteAt = Date.now();
    const snapshot = { ...state };
    inFlight = inFlight.then(() => options.write(snapshot)).catch(options.onError);
  };

  return {
    report(update) {
      if (closed) return;
      const partial: ProgressUpdate = typeof update === 'number' ? { percent: update } : update;
      if (typeof partial.percent === 'number' && Number.isFinite(partial.percent)) {
        state.percent = Math.min(100, Math.max(0, partial.percent));
      }
      if (partial.message !== undefined) state.message = String(partial.message).slice(0, 500);
      if (typeof partial.current === 'number') state.current = partial.current;
      if (typeof partial.total === 'number') state.total = partial.total;
      dirty = true;
      if (timer) return;
      const wait = lastWriteAt + options.intervalMs - Date.now();
      if (wait <= 0) write();
      else timer = setTimeout(write, wait);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      write();
      await inFlight;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
