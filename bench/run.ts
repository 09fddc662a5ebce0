import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { profile, type Ctx, type WorkloadResult } from './context.ts';
import { createScratch, killAllChildren, machine, type BackendKind } from './env.ts';
import { cleanupTemp } from './loadgen.ts';
import { httpReference, storeReference } from './references.ts';
import { atMost, renderTable, writeJson, type BackendReport, type Report } from './report.ts';
import { createKey, startServer } from './server.ts';
import { settledTotal } from './workloads/api-target.ts';
import { batchWorkload } from './workloads/batch.ts';
import { bulkWorkload } from './workloads/bulk.ts';
import { drainWorkload } from './workloads/drain.ts';
import { exportWorkload } from './workloads/export.ts';
import { httpWorkerWorkload } from './workloads/http-worker.ts';
import { filesWorkload } from './workloads/files.ts';
import { latencyWorkload } from './workloads/latency.ts';
import { lomoWorkload } from './workloads/lomo.ts';
import { pollWorkload } from './workloads/poll.ts';
import { scaleWorkload } from './workloads/scale.ts';
import { steadyWorkload } from './workloads/steady.ts';
import { submitWorkload } from './workloads/submit.ts';

// npm run bench [-- --backend sqlite|postgres|both --quick --only submit,drain,…]

const WORKLOADS = ['submit', 'poll', 'submit-bulk', 'drain', 'http-worker', 'latency', 'steady', 'scale', 'upload', 'download', 'batch', 'lomo', 'export'] as const;

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'sqlite' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(`usage: npm run bench -- [--backend sqlite|postgres|both] [--quick] [--only ${WORKLOADS.join(',')}] [--profile DIR]\n`);
  process.exit(0);
}
if (values.profile) process.env.BENCH_PROFILE_DIR = resolve(values.profile);
const backends: BackendKind[] =
  values.backend === 'both' ? ['sqlite', 'postgres'] : values.backend === 'postgres' || values.backend === 'pg' ? ['postgres'] : ['sqlite'];
const only = new Set(values.only ? values.only.split(',') : WORKLOADS);
const prof = profile(values.quick);
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', () => killAllChildren());

const report: Report = { machine: machine(), startedAt: new Date().toISOString(), mode: prof.quick ? 'quick' : 'full', backends: [] };

async function step(b: BackendReport, name: string, fn: () => Promise<WorkloadResult>): Promise<void> {
  const t0 = performance.now();
  log(`${b.backend}: ${name} …`);
  try {
    const r = await fn();
    b.figures.push(...r.figures);
    b.raw[name] = r.raw;
  } catch (err) {
    const msg = (err as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 400);
    b.errors.push({ workload: name, error: msg });
    b.figures.push({ workload: name, metric: 'FAILED', value: null, unit: '', note: msg.slice(0, 120) });
    log(`${b.backend}: ${name} failed: ${msg}`);
  }
  log(`${b.backend}: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function runBackend(kind: BackendKind): Promise<BackendReport> {
  const t0 = performance.now();
  const b: BackendReport = { backend: kind, figures: [], errors: [], raw: {}, seconds: 0 };
  log(`${kind}: references …`);
  const http = await httpReference({ seconds: prof.loadSeconds, connections: prof.connections });
  const refScratch = await createScratch(kind, 'ref');
  const store = await storeReference(refScratch, { seconds: prof.quick ? 2 : 6, batchRows: 1000 }).finally(() => refScratch.drop());
  b.raw.references = { http, store };
  b.figures.push(
    { workload: 'reference: HTTP', metric: 'empty GET req/s', value: http.reqPerSec, unit: '/s', note: `${prof.connections} conns; p50 ${http.load.latency.p50} ms p99 ${http.load.latency.p99} ms` },
    { workload: 'reference: store', metric: '1-row insert tx/s', value: store.singleTxPerSec, unit: '/s', note: `concurrency ${store.concurrency.single}` },
    { workload: 'reference: store', metric: 'batched rows/s', value: store.batchedRowsPerSec, unit: '/s', note: `${store.batchRows} rows/tx, concurrency ${store.concurrency.batched}` },
  );
  const ctx: Ctx = { kind, profile: prof, http, store, log };

  // submit, poll and submit-bulk share one server and one store (poll reads what submit wrote).
  if (only.has('submit') || only.has('poll') || only.has('submit-bulk')) {
    const scratch = await createScratch(kind, 'api');
    try {
      const key = await createKey(scratch);
      const server = await startServer(scratch, { worker: false });
      const t = { scratch, server, key };
      // The API process's memory under the 50-connection loads, sampled while they run.
      const rssTimer = setInterval(() => server.sampleRss(), 200);
      try {
        if (only.has('submit')) await step(b, 'submit', () => submitWorkload(ctx, t));
        if (only.has('poll')) {
          // The machine is shared: measure the HTTP ceiling again right before poll, which is divided by it.
          const http2 = await httpReference({ seconds: prof.loadSeconds, connections: prof.connections });
          b.raw.httpBeforePoll = http2;
          b.figures.push({ workload: 'reference: HTTP', metric: 'again, before poll', value: http2.reqPerSec, unit: '/s', note: `p50 ${http2.load.latency.p50} ms p99 ${http2.load.latency.p99} ms` });
          await step(b, 'poll', () => pollWorkload({ ...ctx, http: http2 }, t));
        }
        if (only.has('submit-bulk')) await step(b, 'submit-bulk', () => bulkWorkload(ctx, t));
        server.sampleRss();
        b.raw.apiServer = { peakRssMb: server.peakRssMb, tasks: await settledTotal(scratch, 500) };
        b.figures.push({
          workload: 'api server', metric: 'peak RSS under load', value: server.peakRssMb, unit: 'MB',
          target: atMost(server.peakRssMb, 200, '<200 MB'), note: `sampled every 200 ms during ${[...only].filter((w) => ['submit', 'poll', 'submit-bulk'].includes(w)).join(', ')}`,
        });
      } finally {
        clearInterval(rssTimer);
        await server.stop();
      }
    } catch (err) {
      b.errors.push({ workload: 'api server', error: (err as Error).message.slice(0, 400) });
      b.figures.push({ workload: 'submit/poll/bulk', metric: 'FAILED', value: null, unit: '', note: (err as Error).message.slice(0, 120) });
      log(`${kind}: api server failed: ${(err as Error).message.slice(0, 400)}`);
    } finally {
      await scratch.drop();
    }
  }
  if (only.has('drain')) await step(b, 'drain', () => drainWorkload(ctx));
  if (only.has('http-worker')) await step(b, 'http-worker', () => httpWorkerWorkload(ctx));
  if (only.has('latency')) await step(b, 'latency', () => latencyWorkload(ctx));
  if (only.has('steady')) await step(b, 'steady', () => steadyWorkload(ctx));
  if (only.has('scale')) await step(b, 'scale', () => scaleWorkload(ctx));
  if (only.has('upload') || only.has('download')) await step(b, 'upload/download', () => filesWorkload(ctx, only));
  if (only.has('batch')) await step(b, 'batch', () => batchWorkload(ctx));
  if (only.has('lomo')) await step(b, 'lomo', () => lomoWorkload(ctx));
  if (only.has('export')) await step(b, 'export', () => exportWorkload(ctx));
  b.seconds = (performance.now() - t0) / 1000;
  return b;
}

try {
  for (const kind of backends) report.backends.push(await runBackend(kind));
} finally {
  cleanupTemp();
}
process.stdout.write(`${renderTable(report)}\n`);
const file = writeJson(report);
process.stdout.write(`\nresults: ${file}\n`);
process.exit(0);
