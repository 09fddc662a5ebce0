import { defineTask } from '../engine/define-task.ts';

// Demo type: waits, reporting progress, and stops at once when its signal aborts. The reference
// for how a well-behaved handler treats `ctx.signal`.

const STEP_MS = 100;

export const sleepTask = defineTask<{ seconds: number }, { sleptSeconds: number }>({
  type: 'sleep',
  description: 'Waits the given number of seconds, reporting progress. For demos and tests.',
  input: {
    type: 'object',
    properties: { seconds: { type: 'number', minimum: 0, maximum: 3600 } },
    required: ['seconds'],
    additionalProperties: false,
  },
  async run({ seconds }, ctx) {
    const totalMs = seconds * 1000;
    const started = Date.now();
    for (;;) {
      ctx.signal.throwIfAborted();
      const elapsed = Date.now() - started;
      const percent = totalMs === 0 ? 100 : Math.min(100, Math.round((elapsed / totalMs) * 100));
      ctx.progress({ percent, message: `slept ${(elapsed / 1000).toFixed(1)} of ${seconds} s` });
      if (elapsed >= totalMs) break;
      await delay(Math.min(STEP_MS, totalMs - elapsed), ctx.signal);
    }
    return { sleptSeconds: seconds };
  },
});

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
