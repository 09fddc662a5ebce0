import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { defineTask, PermanentFailure } from '../../src/engine/define-task.ts';

// Task types using ctx.files, as a module: the CPU thread imports `cpu: true` types by URL.

async function writeFile(ctx: Parameters<Parameters<typeof defineTask>[0]['run']>[1], text: string, name: string) {
  const { id, stream } = ctx.files.create({ name, contentType: 'text/plain' });
  await pipeline(Readable.from([Buffer.from(text)]), stream);
  return id;
}

const body = (input: { text: string; copyOf?: string }) => input;

export const writesFile = defineTask<{ text: string; fail?: boolean }, { file: string }>({
  type: 'writes-file',
  input: { type: 'object' },
  maxAttempts: 1,
  async run(input, ctx) {
    const id = await writeFile(ctx, input.text, 'out.txt');
    if (input.fail) throw new PermanentFailure('failing after the file was written');
    return { file: id };
  },
});

/** In a CPU thread: reads a file (`copyOf`), writes its text upper-cased plus its sha256, and a second file. */
export const cpuCopiesFile = defineTask<{ copyOf: string; fail?: boolean }, { file: string; second: string; sha256: string }>({
  type: 'cpu-copies-file',
  input: { type: 'object' },
  cpu: true,
  maxAttempts: 1,
  async run(input, ctx) {
    const opened = await ctx.files.open(input.copyOf);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const file = await writeFile(ctx, body({ text: text.toUpperCase() }).text, `${opened.name}.upper`);
    // 3 MB in many writes, so backpressure across the thread boundary is exercised.
    const { id: second, stream } = ctx.files.create({ name: 'big.bin', contentType: 'application/octet-stream' });
    const block = Buffer.alloc(64 * 1024, 7);
    await pipeline(Readable.from((function* () { for (let i = 0; i < 48; i++) yield block; })()), stream);
    if (input.fail) throw new Error('failing after both files were written');
    return { file, second, sha256: createHash('sha256').update(text).digest('hex') };
  },
});
