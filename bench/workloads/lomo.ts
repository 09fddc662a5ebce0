import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Ctx, WorkloadResult } from '../context.ts';
import { createScratch, percentile, ROOT } from '../env.ts';
import { atMost, ratio } from '../report.ts';
import { createKey, startServer, startWorker } from '../server.ts';

// Seed 000's lomo filter on a machine of its own, and what it costs the API: `offload serve
// --no-worker` and `offload worker --types lomo` (one CPU thread), 50 photos submitted in one bulk
// request. The API's own latency (GET of a task document, one request at a time) is sampled idle and
// while the images are filtered; the target is a p99 within 2× of idle. On one 2-core machine both
// processes share the cores, so this is the worst case of "a machine of its own".

const PHOTO = readFileSync(join(ROOT, 'node_modules/autocannon/test/j5.jpeg'));
const IMAGES = 50;
/** Filtering 50 photos on one thread takes tens of seconds: more than a quick profile's phase limit. */
const LIMIT_SECONDS = 180;

function timedGet(url: string, auth: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    req.on('error', reject);
    req.end();
  });
}

async function sample(url: string, auth: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await timedGet(url, auth));
  return out;
}

export async function lomoWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'lomo');
  const env = { OFFLOAD_WORKER_CPU_THREADS: '1', OFFLOAD_WORKER_POLL_INTERVAL_MS: '100' };
  try {
    const auth = `Bearer ${await createKey(scratch)}`;
    const server = await startServer(scratch, { worker: false, extraEnv: env });
    let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
    try {
      const files: string[] = [];
      for (let i = 0; i < IMAGES; i++) {
        const res = await fetch(`${server.url}/v1/files?name=photo-${i}.jpg`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/jpeg' }, body: PHOTO });
        if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
        files.push(((await res.json()) as { id: string }).id);
      }
      const probe = await fetch(`${server.url}/v1/tasks`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'noop', input: {} }) });
      const probeUrl = `${server.url}/v1/tasks/${((await probe.json()) as { id: string }).id}`;
      await sample(probeUrl, auth, 500); // warm-up
      const idle = (await sample(probeUrl, auth, 2000)).sort((a, b) => a - b);

      worker = await startWorker(scratch, { ...env, OFFLOAD_WORKER_TYPES: 'lomo' });
      const bulk = await fetch(`${server.url}/v1/tasks/bulk`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ tasks: files.map((file) => ({ type: 'lomo', input: { file } })) }),
      });
      if (bulk.status !== 202) throw new Error(`bulk answered ${bulk.status}: ${await bulk.text()}`);
      const started = performance.now();
      const busy: number[] = [];
      let done = 0;
      let succeeded = 0;
      while (done < IMAGES && performance.now() - started < LIMIT_SECONDS * 1000) {
        busy.push(...(await sample(probeUrl, auth, 50)));
        const list = (await (await fetch(`${server.url}/v1/tasks?type=lomo&limit=100`, { headers: { authorization: auth } })).json()) as { items: { status: string }[] };
        succeeded = list.items.filter((x) => x.status === 'succeeded').length;
        done = list.items.filter((x) => x.status === 'succeeded' || x.status === 'failed').length;
      }
      const seconds = (performance.now() - started) / 1000;
      busy.sort((a, b) => a - b);
      const p99Idle = percentile(idle, 99);
      const p99Busy = percentile(busy, 99);
      const note = `${succeeded}/${IMAGES} images in ${seconds.toFixed(1)} s (${(IMAGES / seconds).toFixed(1)}/s, 1 CPU thread); GET p50 idle ${percentile(idle, 50)?.toFixed(2)} ms, busy ${percentile(busy, 50)?.toFixed(2)} ms over ${busy.length} samples`;
      return {
        figures: [
          { workload: 'lomo', metric: 'images/s (1 worker, 1 CPU thread)', value: IMAGES / seconds, unit: '/s', note: `${succeeded}/${IMAGES} succeeded${done < IMAGES ? ' (TIME LIMIT)' : ''}` },
          {
            workload: 'lomo',
            metric: 'API GET p99 while filtering',
            value: p99Busy,
            unit: 'ms',
            ratio: ratio(p99Busy, p99Idle, 'idle p99'),
            target: atMost(p99Busy !== null && p99Idle !== null ? p99Busy / p99Idle : null, 2, '≤2× idle'),
            note,
          },
        ],
        raw: { images: IMAGES, succeeded, seconds, idle: { p50: percentile(idle, 50), p99: p99Idle }, busy: { p50: percentile(busy, 50), p99: p99Busy, samples: busy.length } },
      };
    } finally {
      await worker?.stop();
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}
