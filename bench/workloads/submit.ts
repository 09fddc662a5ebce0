import { authHeaders, SUBMIT_BODY, type Ctx, type WorkloadResult } from '../context.ts';
import { runCountedLoad } from '../loadgen.ts';
import { atLeast, ratio } from '../report.ts';
import { settledTotal, type ApiTarget } from './api-target.ts';

// POST /v1/tasks (noop), 50 connections: accepted tasks/s and latency; then the store must hold
// exactly the accepted count (the counted load waits for every answer, see loadgen.ts).
export async function submitWorkload(ctx: Ctx, t: ApiTarget): Promise<WorkloadResult> {
  const spec = {
    url: t.server.url,
    method: 'POST' as const,
    path: '/v1/tasks',
    headers: authHeaders(t.key),
    body: SUBMIT_BODY,
    connections: ctx.profile.connections,
  };
  let before = 0;
  const { warmup, main } = await runCountedLoad(spec, ctx.profile.loadSeconds, {
    warmupRequests: spec.connections * 10,
    afterWarmup: async () => {
      before = await settledTotal(t.scratch);
    },
  });
  const after = await settledTotal(t.scratch);
  const accepted = main.status['202'] ?? 0;
  const stored = after - before;
  const verify = stored === accepted && !main.cutOff ? 'ok' : `MISMATCH: store +${stored}, accepted ${accepted}${main.cutOff ? ' (load cut off)' : ''}`;
  const rate = main.duration > 0 ? accepted / main.duration : null;
  const other = Object.entries(main.status).filter(([c]) => c !== '202');
  const note = [`store ${verify}`, other.length ? `other: ${other.map(([c, n]) => `${c}×${n}`).join(' ')}` : '', main.errors ? `errors ${main.errors}` : '']
    .filter(Boolean)
    .join('; ');
  const rel = rate !== null && ctx.http.reqPerSec ? rate / ctx.http.reqPerSec : null;
  return {
    figures: [
      { workload: 'submit', metric: 'accepted tasks/s', value: rate, unit: '/s', ratio: ratio(rate, ctx.http.reqPerSec, 'HTTP ref'), target: atLeast(rel, ctx.kind === 'sqlite' ? 0.35 : 0.15, ctx.kind === 'sqlite' ? '≥0.35× ref' : '≥0.15× ref'), note },
      {
        workload: 'submit',
        metric: 'latency p50 (p99)',
        value: main.latency.p50,
        unit: 'ms',
        ratio: ratio(main.latency.p50, ctx.http.load.latency.p50, 'HTTP ref p50'),
        note: `p99 ${main.latency.p99} ms (ref ${ctx.http.load.latency.p99} ms)`,
      },
    ],
    raw: { warmup, main, storedDuringMain: stored, accepted },
  };
}
