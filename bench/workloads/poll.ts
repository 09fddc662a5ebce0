import { authHeaders, type Ctx, type WorkloadResult } from '../context.ts';
import { runLoad, writeTemp } from '../loadgen.ts';
import { atLeast, ratio } from '../report.ts';
import type { ApiTarget } from './api-target.ts';

// GET /v1/tasks/{id} over up to 1,000 existing tasks (random pick per request), 50 connections.
export async function pollWorkload(ctx: Ctx, t: ApiTarget): Promise<WorkloadResult> {
  const ids = await t.scratch.probe.ids(1000);
  if (ids.length === 0) throw new Error('no tasks to poll (submit stored none)');
  const spec = {
    url: t.server.url,
    method: 'GET' as const,
    path: '/v1/tasks/x',
    pathPrefix: '/v1/tasks/',
    idsFile: writeTemp('ids.json', ids),
    headers: authHeaders(t.key),
    connections: ctx.profile.connections,
  };
  await runLoad({ ...spec, duration: 1, maxSeconds: 11 }); // warm-up
  const main = await runLoad({ ...spec, duration: ctx.profile.loadSeconds, maxSeconds: ctx.profile.loadSeconds + 10 });
  const rate = main.duration > 0 ? main.ok2xx / main.duration : null;
  const rel = rate !== null && ctx.http.reqPerSec ? rate / ctx.http.reqPerSec : null;
  const other = Object.entries(main.status).filter(([c]) => c !== '200');
  return {
    figures: [
      {
        workload: 'poll',
        metric: 'GET req/s',
        value: rate,
        unit: '/s',
        ratio: ratio(rate, ctx.http.reqPerSec, 'HTTP ref'),
        target: atLeast(rel, ctx.kind === 'sqlite' ? 0.35 : 0.2, ctx.kind === 'sqlite' ? '≥0.35× ref' : '≥0.2× ref'),
        note: [`${ids.length} tasks`, `p50 ${main.latency.p50} ms p99 ${main.latency.p99} ms`, other.length ? `other: ${other.map(([c, n]) => `${c}×${n}`).join(' ')}` : '']
          .filter(Boolean)
          .join('; '),
      },
    ],
    raw: { main, ids: ids.length },
  };
}
