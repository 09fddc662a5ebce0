import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Ctx, WorkloadResult } from '../context.ts';
import { createScratch, spawnChild, stopChild } from '../env.ts';
import { type Figure, ratio } from '../report.ts';
import { createKey, startServer } from '../server.ts';

// upload / download: MB/s of POST /v1/files (the default database driver) and of GET on the file's
// signed link, through a real `offload serve`, against two same-run references: a raw file copy
// (read + write + fsync, what the disk does) and a raw Fastify stream each way (what HTTP on this
// machine does: file-ref-server.ts). Each figure is the median of three transfers.

const MB = 1024 * 1024;

function generated(size: number): () => Readable {
  const block = randomBytes(MB);
  return () =>
    Readable.from(
      (function* () {
        for (let sent = 0; sent < size; sent += block.length) yield block.subarray(0, Math.min(block.length, size - sent));
      })(),
    );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function drainBody(res: Response): Promise<number> {
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

async function fileCopyMbps(size: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-bench-copy-'));
  try {
    await pipeline(generated(size)(), createWriteStream(join(dir, 'a')));
    const seconds = await timed(async () => {
      await pipeline(createReadStream(join(dir, 'a')), createWriteStream(join(dir, 'b')));
      const fh = await open(join(dir, 'b'), 'r');
      await fh.sync();
      await fh.close();
    });
    return size / MB / seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fastifyReference(size: number): Promise<{ upload: number; download: number }> {
  const child = spawnChild(['bench/file-ref-server.ts']);
  try {
    const port = await new Promise<number>((res, rej) => {
      let buf = '';
      const timer = setTimeout(() => rej(new Error('file reference server did not start in 15 s')), 15_000);
      child.stdout?.on('data', (d) => {
        buf += d;
        const m = /"port":(\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          res(Number(m[1]));
        }
      });
    });
    const base = `http://127.0.0.1:${port}`;
    const source = generated(size);
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < 3; i++) {
      up.push(await timed(async () => {
        const res = await fetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Readable.toWeb(source()) as ReadableStream, duplex: 'half' } as RequestInit);
        await res.text();
      }));
      down.push(await timed(async () => {
        await drainBody(await fetch(`${base}/download?bytes=${size}`));
      }));
    }
    return { upload: size / MB / median(up), download: size / MB / median(down) };
  } finally {
    await stopChild(child);
  }
}

export async function filesWorkload(ctx: Ctx, which: Set<string>): Promise<WorkloadResult> {
  const size = (ctx.profile.quick ? 64 : 256) * MB;
  const copy = await fileCopyMbps(size);
  const raw = await fastifyReference(size);
  const scratch = await createScratch(ctx.kind, 'files');
  try {
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: false });
    try {
      const source = generated(size);
      const up: number[] = [];
      const down: number[] = [];
      let href = '';
      for (let i = 0; i < 3; i++) {
        up.push(await timed(async () => {
          const res = await fetch(`${server.url}/v1/files?name=bench-${i}.bin`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
            body: Readable.toWeb(source()) as ReadableStream,
            duplex: 'half',
          } as RequestInit);
          if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
          href = ((await res.json()) as { href: string }).href;
        }));
        server.sampleRss();
      }
      for (let i = 0; i < 3; i++) {
        down.push(await timed(async () => {
          const bytes = await drainBody(await fetch(`${server.url}${href}`));
          if (bytes !== size) throw new Error(`download returned ${bytes} of ${size} bytes`);
        }));
        server.sampleRss();
      }
      const upload = size / MB / median(up);
      const download = size / MB / median(down);
      const note = `${size / MB} MB × 3, median; database driver; server RSS peak ${server.peakRssMb} MB; raw file copy ${copy.toFixed(0)} MB/s`;
      const figures: Figure[] = [
        { workload: 'reference: files', metric: 'raw file copy MB/s', value: copy, unit: 'MB/s', note: 'read + write + fsync, one stream' },
        { workload: 'reference: files', metric: 'raw Fastify upload MB/s', value: raw.upload, unit: 'MB/s', note: 'body read and dropped' },
        { workload: 'reference: files', metric: 'raw Fastify download MB/s', value: raw.download, unit: 'MB/s', note: 'bytes from memory' },
      ];
      if (which.has('upload')) {
        figures.push({ workload: 'upload', metric: 'POST /v1/files MB/s', value: upload, unit: 'MB/s', ratio: ratio(upload, raw.upload, 'raw Fastify upload'), note });
      }
      if (which.has('download')) {
        figures.push({ workload: 'download', metric: 'signed link GET MB/s', value: download, unit: 'MB/s', ratio: ratio(download, raw.download, 'raw Fastify download'), note });
      }
      return { figures, raw: { size, copy, raw, upload, download, up, down, serverRssMb: server.peakRssMb } };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}
