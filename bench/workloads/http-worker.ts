import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../../src/domain/ids.ts';
import type { NewTask } from '../../src/domain/task.ts';
import { openBenchStore, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch, runToEnd, spawnChild, stopChild, untilFinished } from '../env.ts';
import { ratio } from '../report.ts';
import { startServer } from '../server.ts';

// The in-process drain's counterpart over the worker protocol: N queued tasks of a type served
// only by HTTP workers (inserted through the store), `offload serve --no-worker`, and ONE worker
// process speaking the protocol (bench/http-worker-client.ts: 4 long-poll lanes claiming 50 at a
// time, one `complete` request per task). Completed tasks/s from the rows, beside the HTTP
// reference: each task costs one request, plus a claim per 50.

const TYPE = 'bench-http';

export async function httpWorkerWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'http-worker');
  try {
    const n = Math.round(ctx.profile.drainTasks / 2);
    const dir = scratch.kind === 'sqlite' ? join(scratch.database, '..') : process.env.TMPDIR ?? '/tmp';
    const configFile = join(dir, `offload-bench-http-worker-${process.pid}.json`);
    writeFileSync(configFile, JSON.stringify({ httpTaskTypes: [{ type: TYPE, input: { type: 'object' }, concurrency: 1000 }] }));
    const env = { OFFLOAD_CONFIG: configFile };

    const store = await openBenchStore(scratch);
    const t0 = performance.now();
    let last: string | null = null;
    try {
      for (let inserted = 0; inserted < n; inserted += 1000) {
        const now = Date.now();
        const tasks: NewTask[] = Array.from({ length: Math.min(1000, n - inserted) }, () => ({
          id: newId('tsk'), tenant: 'bench', type: TYPE, status: 'queued' as const, customId: null, priority: 0, inputJson: '{}',
          metadata: null, fingerprint: 'bench', runAt: now, timeoutSeconds: 300, maxAttempts: 3, callbackUrl: null,
          createdAt: now, expiresAt: now + 7 * 86_400_000,
        }));
        await store.taskInsertMany({ tasks });
        last = tasks.at(-1)!.id;
      }
    } finally {
      await store.close();
    }
    ctx.log(`http-worker: ${n} tasks inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const keyOut = await runToEnd(
      ['bin/offload.js', 'keys', 'create', '--tenant', 'bench', '--worker', '--types', TYPE, '--create', '--json'],
      { OFFLOAD_DATABASE: scratch.database, ...env },
      30_000,
    );
    const key = JSON.parse(keyOut.split('\n').find((l) => l.startsWith('{'))!).key as string;
    const server = await startServer(scratch, { worker: false, extraEnv: env });
    const spawnedAt = performance.now();
    const worker = spawnChild(['bench/http-worker-client.ts'], { BENCH_URL: server.url, BENCH_KEY: key, BENCH_TYPE: TYPE });
    let out = '';
    worker.stdout?.on('data', (d) => (out += d));
    worker.stderr?.on('data', (d) => (out += d));
    let complete = false;
    try {
      complete = await untilFinished(scratch.probe, last, ctx.profile.phaseLimitSeconds, () => {
        if (worker.exitCode !== null) throw new Error(`http worker exited ${worker.exitCode}: ${out.slice(-500)}`);
        if (server.child.exitCode !== null) throw new Error(`server exited ${server.child.exitCode}: ${server.tail()}`);
      });
      server.sampleRss();
    } finally {
      await stopChild(worker, 5000);
      await server.stop();
    }
    const wallSeconds = (performance.now() - spawnedAt) / 1000;
    const counts = await scratch.probe.counts();
    const done = (counts.succeeded ?? 0) + (counts.failed ?? 0);
    const span = await scratch.probe.span();
    const seconds = span.firstStart !== null && span.lastFinish !== null ? Math.max(1, span.lastFinish - span.firstStart) / 1000 : wallSeconds;
    const rate = done / seconds;
    const client = out.split('\n').find((l) => l.startsWith('{')) ?? '{}';
    return {
      figures: [
        {
          workload: 'http-worker',
          metric: 'completed tasks/s (1 HTTP worker)',
          value: rate,
          unit: '/s',
          ratio: ratio(rate, ctx.http.reqPerSec, 'HTTP ref'),
          note: `${done}/${n} done in ${seconds.toFixed(2)} s (first start→last finish; wall ${wallSeconds.toFixed(1)} s)${complete ? '' : ' (TIME LIMIT)'}; worker ${client}; server RSS ${server.peakRssMb} MB`,
        },
      ],
      raw: { n, done, seconds, wallSeconds, span, counts, client: JSON.parse(client), serverRssMb: server.peakRssMb },
    };
  } finally {
    await scratch.drop();
  }
}
