import { defineTask, PermanentFailure } from '../../src/engine/define-task.ts';

// CPU task types for cpu-pool.test.ts, loaded by URL inside the worker threads.

export const spin = defineTask<{ ms: number; checkSignal: boolean }, { spins: number }>({
  type: 'spin',
  cpu: true,
  input: { type: 'object' },
  run({ ms, checkSignal }, ctx) {
    const until = Date.now() + ms;
    let spins = 0;
    let nextReport = Date.now();
    while (Date.now() < until) {
      spins++;
      if (checkSignal && spins % 1000 === 0) ctx.signal.throwIfAborted();
      if (Date.now() >= nextReport) {
        ctx.progress({ percent: Math.round(100 - ((until - Date.now()) / ms) * 100), message: 'spinning' });
        nextReport += 50;
      }
    }
    ctx.progress(100);
    return { spins };
  },
});

export const crash = defineTask({
  type: 'crash',
  cpu: true,
  input: { type: 'object' },
  run(_input, ctx) {
    if (ctx.attempt === 1) process.exit(3);
    return 'survived';
  },
});

export const hopelessCpu = defineTask({
  type: 'hopeless-cpu',
  cpu: true,
  input: { type: 'object' },
  run() {
    throw new PermanentFailure('never');
  },
});
