import { defineTask } from '../../src/engine/define-task.ts';

// A task that starts a file, reports its id, then keeps it open until its signal aborts: a worker
// killed meanwhile leaves a half-written file behind.
export const slowFile = defineTask<Record<string, never>, null>({
  type: 'slow-file',
  input: { type: 'object' },
  async run(_input, ctx) {
    const { id, stream } = ctx.files.create({ name: 'half.bin', contentType: 'application/octet-stream' });
    // More than a chunk of the database driver, so bytes are stored before the crash.
    stream.write(Buffer.alloc(600_000, 1));
    ctx.progress({ percent: 1, message: id });
    await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
    return null;
  },
});
