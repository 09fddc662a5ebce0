import { authHeaders, bulkBody, type Ctx, type WorkloadResult } from '../context.ts';
import { runCountedLoad } from '../loadgen.ts';
import { atLeast, ratio } from '../report.ts';
import { settledTotal, type ApiTarget } from './api-target.ts';

// POST /v1/tasks/bulk with 1,000 noop tasks a request: tasks/s (rows the store gained ÷ seconds).
export async function bulkWorkload(ctx: Ctx, t: ApiTarget): Promise<WorkloadResult> {
  const per = 1000;
  const spec = {
    url: t.server.url,
    method: 'POST' as const,
    path: '/v1/tasks/bulk',
    headers: authHeaders(t.key),
    body: bulkBody(per),
    connections: ctx.profile.bulkConnections,
  };
  let before = 0;
  const { main } = await runCountedLoad(spec, ctx.profile.loadSeconds, {
    warmupRequests: spec.connections * 2,
    afterWarmup: async () => {
      before = await settledTotal(t.scratch);
    },
  });
  const after = await settledTotal(t.scratch);
  const stored = after - before;
  const ok = main.ok2xx;
  const rate = main.duration > 0 ? stored / main.duration : null;
  const target = ctx.kind === 'sqlite' ? 150_000 : 100_000;
  const other = Object.entries(main.status).filter(([c]) => !c.startsWith('2'));
  const note = [
    `${ok} requests ×${per}`,
    stored === ok * per ? 'store ok' : `store MISMATCH +${stored} ≠ ${ok * per}`,
    other.length ? `other: ${other.map(([c, n]) => `${c}×${n}`).join(' ')}` : '',
    `p50 ${main.latency.p50} ms/request`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    figures: [
      {
        workload: 'submit-bulk',
        metric: 'tasks/s',
        value: rate,
        unit: '/s',
        ratio: ratio(rate, ctx.store.batchedRowsPerSec, 'store batched ref'),
        target: atLeast(rate, target, `≥${target / 1000}k/s`),
        note,
      },
    ],
    raw: { main, stored },
  };
}
