import { authHeaders, SUBMIT_BODY, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch } from '../env.ts';
import { runLoad } from '../loadgen.ts';
import { ratio } from '../report.ts';
import { createKey, startServer, startWorker } from '../server.ts';

// Submit and drain at once: `offload serve --no-worker` + ONE `offload worker`. Steps through
// rising submit rates; a step is flat when the server took ≥ 90 % of the offered rate and the
// backlog (queued + running) grew by at most 10 % of what was submitted in the step.
export async function steadyWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'steady');
  try {
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: false });
    const worker = await startWorker(scratch);
    const steps: { rate: number; accepted: number; achieved: number; backlogBefore: number; backlogAfter: number; flat: boolean }[] = [];
    try {
      const backlog = async () => {
        const c = await scratch.probe.counts();
        return (c.queued ?? 0) + (c.running ?? 0) + (c.pending ?? 0);
      };
      const seconds = ctx.profile.steadyStepSeconds;
      for (const rate of ctx.profile.steadyRates) {
        const before = await backlog();
        const load = await runLoad({
          url: server.url,
          method: 'POST',
          path: '/v1/tasks',
          headers: authHeaders(key),
          body: SUBMIT_BODY,
          connections: Math.min(ctx.profile.connections, Math.max(10, Math.ceil(rate / 50))),
          overallRate: rate,
          duration: seconds,
          maxSeconds: seconds + 10,
        });
        const after = await backlog();
        const accepted = load.status['202'] ?? 0;
        const achieved = accepted / load.duration;
        const flat = achieved >= 0.9 * rate && after - before <= Math.max(0.1 * accepted, 20);
        steps.push({ rate, accepted, achieved, backlogBefore: before, backlogAfter: after, flat });
        ctx.log(`steady: ${rate}/s → took ${achieved.toFixed(0)}/s, backlog ${before} → ${after}${flat ? '' : ' (not flat)'}`);
        if (!flat) break;
      }
    } finally {
      await worker.stop();
      await server.stop();
    }
    const best = steps.filter((s) => s.flat).at(-1) ?? null;
    const value = best?.rate ?? null;
    return {
      figures: [
        {
          workload: 'steady',
          metric: 'highest flat submit rate',
          value,
          unit: '/s',
          ratio: ratio(value, ctx.store.singleTxPerSec, 'store 1-row tx ref'),
          note: steps.map((s) => `${s.rate}:${s.flat ? 'flat' : `grew ${s.backlogBefore}→${s.backlogAfter}, took ${s.achieved.toFixed(0)}/s`}`).join(' '),
        },
      ],
      raw: { steps },
    };
  } finally {
    await scratch.drop();
  }
}
