import { authHeaders, SUBMIT_BODY, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch, percentile, sleep } from '../env.ts';
import { runLoad } from '../loadgen.ts';
import { atMost } from '../report.ts';
import { createKey, startServer } from '../server.ts';

// Tasks submitted at a steady 200/s to `offload serve` with its embedded runner idle and waiting:
// submit-to-handler-start = startedAt − createdAt from the store rows.
export async function latencyWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'latency');
  try {
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: true });
    try {
      const n = ctx.profile.latencyTasks;
      const spec = { url: server.url, method: 'POST' as const, path: '/v1/tasks', headers: authHeaders(key), body: SUBMIT_BODY, connections: 10 };
      const load = await runLoad({ ...spec, amount: n, overallRate: 200, maxSeconds: n / 200 + 20 });
      const accepted = load.status['202'] ?? 0;
      const deadline = Date.now() + 30_000;
      let counts: Record<string, number> = {};
      while (Date.now() < deadline) {
        counts = await scratch.probe.counts();
        if ((counts.queued ?? 0) + (counts.running ?? 0) + (counts.pending ?? 0) === 0) break;
        await sleep(200);
      }
      const delays = (await scratch.probe.startDelays()).sort((a, b) => a - b);
      const p50 = percentile(delays, 50);
      const p95 = percentile(delays, 95);
      const p99 = percentile(delays, 99);
      const p50Target = ctx.kind === 'sqlite' ? 1 : 1.5;
      const note = `${delays.length}/${accepted} started; submit p50 ${load.latency.p50} ms`;
      return {
        figures: [
          { workload: 'latency', metric: 'submit→start p50', value: p50, unit: 'ms', target: atMost(p50, p50Target, `≤${p50Target} ms`), note },
          { workload: 'latency', metric: 'submit→start p95', value: p95, unit: 'ms' },
          { workload: 'latency', metric: 'submit→start p99', value: p99, unit: 'ms', target: atMost(p99, 10, '≤10 ms'), note: `max ${delays.at(-1) ?? '—'} ms` },
        ],
        raw: { load, counts, p50, p95, p99, n: delays.length },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}
