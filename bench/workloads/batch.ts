import { authHeaders, SUBMIT_BODY, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch, percentile, untilFinished } from '../env.ts';
import { runCountedLoad } from '../loadgen.ts';
import { atMost, ratio } from '../report.ts';
import { createKey, startServer, startWorker } from '../server.ts';
import { settledTotal } from './api-target.ts';

// Batches and task graphs.
// 1. POST /v1/batch with 100 sub-requests (each a noop submit), 4 connections, `serve --no-worker`:
//    sub-requests/s (tasks the store gained ÷ seconds). Same-run reference: the same submits made one
//    request each over the same 4 connections (and the HTTP reference).
// 2. A DAG of 1,000 noop tasks (10 layers of 100; each task after the first layer depends on two of
//    the layer before, so parents are shared), submitted layer by layer with bulk requests before
//    ONE `offload worker` starts: first start → last finish, and how soon a child starts after its
//    last parent finished (p50/p95, from the rows). Same-run reference: 1,000 independent noop tasks
//    drained by the same kind of worker.

const SUBS = 100;
const LAYERS = 10;
const WIDTH = 100;

export async function batchWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const dispatch = await batchDispatch(ctx);
  const graph = await taskGraph(ctx);
  return { figures: [...dispatch.figures, ...graph.figures], raw: { dispatch: dispatch.raw, graph: graph.raw } };
}

async function batchDispatch(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'batch');
  try {
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: false });
    try {
      const connections = ctx.profile.bulkConnections;
      const body = JSON.stringify({
        requests: Array.from({ length: SUBS }, (_, i) => ({ id: `s${i}`, method: 'POST', url: '/v1/tasks', body: { type: 'noop', input: {} } })),
      });
      const counted = async (path: string, payload: string, per: number) => {
        let before = 0;
        const { main } = await runCountedLoad(
          { url: server.url, method: 'POST', path, headers: authHeaders(key), body: payload, connections },
          ctx.profile.loadSeconds,
          {
            warmupRequests: connections * 2,
            afterWarmup: async () => {
              before = await settledTotal(scratch);
            },
          },
        );
        const stored = (await settledTotal(scratch)) - before;
        return { main, stored, rate: main.duration > 0 ? stored / main.duration : null, exact: stored === main.ok2xx * per };
      };
      const batched = await counted('/v1/batch', body, SUBS);
      const direct = await counted('/v1/tasks', SUBMIT_BODY, 1);
      return {
        figures: [
          {
            workload: 'batch',
            metric: `sub-requests/s (${SUBS} a batch)`,
            value: batched.rate,
            unit: '/s',
            ratio: ratio(batched.rate, direct.rate, `direct submits, ${connections} conns`),
            note: `${batched.main.ok2xx} batches, ${batched.exact ? 'store ok' : 'store MISMATCH'}; p50 ${batched.main.latency.p50} ms/batch; ${((batched.rate ?? 0) / (ctx.http.reqPerSec || 1)).toFixed(2)}× HTTP ref`,
          },
          {
            workload: 'reference: direct submits',
            metric: `tasks/s (${connections} conns)`,
            value: direct.rate,
            unit: '/s',
            ratio: ratio(direct.rate, ctx.http.reqPerSec, 'HTTP ref'),
            note: `${direct.main.ok2xx} requests, ${direct.exact ? 'store ok' : 'store MISMATCH'}; p50 ${direct.main.latency.p50} ms`,
          },
        ],
        raw: { batched, direct },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}

async function taskGraph(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'dag');
  try {
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: false });
    const post = async (tasks: object[]) => {
      const res = await fetch(`${server.url}/v1/tasks/bulk`, { method: 'POST', headers: authHeaders(key), body: JSON.stringify({ tasks }) });
      if (res.status !== 202) throw new Error(`bulk answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return ((await res.json()) as { items: { task: { id: string } }[] }).items.map((i) => i.task.id);
    };
    /** Runs what is queued with one fresh worker: first start → last finish of the tasks it started. */
    const drain = async (lastId: string) => {
      const since = Date.now();
      const worker = await startWorker(scratch);
      try {
        await untilFinished(scratch.probe, lastId, ctx.profile.phaseLimitSeconds, () => {
          if (worker.child.exitCode !== null) throw new Error(`worker exited ${worker.child.exitCode}: ${worker.tail()}`);
        });
      } finally {
        await worker.stop();
      }
      const span = await scratch.probe.span(since);
      return { seconds: span.firstStart !== null && span.lastFinish !== null ? (span.lastFinish - span.firstStart) / 1000 : null, finished: span.finished };
    };
    try {
      const flatIds = await post(Array.from({ length: LAYERS * WIDTH }, () => ({ type: 'noop', input: {} })));
      const flat = await drain(flatIds.at(-1)!);

      let x = 42;
      const pick = (n: number) => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return Math.floor((x / 2 ** 31) * n);
      };
      let previous: string[] = [];
      for (let l = 0; l < LAYERS; l++) {
        const layer = Array.from({ length: WIDTH }, () => {
          if (previous.length === 0) return { type: 'noop', input: {} };
          return { type: 'noop', input: {}, dependsOn: [...new Set([previous[pick(WIDTH)]!, previous[pick(WIDTH)]!])] };
        });
        previous = await post(layer);
      }
      const dag = await drain(previous.at(-1)!);
      const counts = await scratch.probe.counts();
      const delays = (await scratch.probe.dependencyDelays()).sort((a, b) => a - b);
      const p50 = percentile(delays, 50);
      const p95 = percentile(delays, 95);
      return {
        figures: [
          {
            workload: 'batch: DAG',
            metric: `${LAYERS * WIDTH} tasks, first start→last finish`,
            value: dag.seconds === null ? null : dag.seconds * 1000,
            unit: 'ms',
            ratio: ratio(dag.seconds, flat.seconds, '1,000 independent tasks'),
            note: `${LAYERS} layers × ${WIDTH}, 2 parents each; ${dag.finished} finished; succeeded ${counts.succeeded ?? 0}/${2 * LAYERS * WIDTH}; independent: ${flat.seconds === null ? '—' : (flat.seconds * 1000).toFixed(0)} ms`,
          },
          {
            workload: 'batch: DAG',
            metric: 'child start after last parent p50',
            value: p50,
            unit: 'ms',
            target: atMost(p50, 50, '≤50 ms'),
            note: `p95 ${p95 ?? '—'} ms, max ${delays.at(-1) ?? '—'} ms over ${delays.length} children`,
          },
        ],
        raw: { flat, dag, counts, p50, p95, children: delays.length },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}
