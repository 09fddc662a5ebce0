import { appendFileSync } from 'node:fs';
import { defineTask } from '../../src/engine/define-task.ts';

// A short task that writes one line per run to the file named by OFFLOAD_TEST_RUN_LOG (its task id
// and attempt, with O_APPEND: lines of one process never interleave) and returns its input's `n`.
// A crash test reads the file to see which tasks ran, and how often.
export const recorded = defineTask<{ n: number }, { n: number }>({
  type: 'recorded',
  input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  async run({ n }, ctx) {
    appendFileSync(process.env.OFFLOAD_TEST_RUN_LOG!, `${ctx.taskId} ${ctx.attempt}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { n };
  },
});
