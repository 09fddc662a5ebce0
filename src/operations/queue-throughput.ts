import type { QueueThroughputRow } from '../store/queue-store.ts';
import type { Store } from '../store/store.ts';

// How many tasks succeeded and failed per minute over the last hour or so (the dashboard's chart),
// for the caller's tenant or, with an admin key, every tenant; one type or all. Read from the tasks
// themselves (their finishedAt), so it is the same on every node and reaches back as far as
// finished tasks are kept (retention.finishedSeconds).

export const THROUGHPUT_BUCKET_MS = 60_000;

export async function queueThroughput(
  store: Store,
  params: { tenant: string | null; type: string | null; minutes: number },
  deps: { now: () => number },
): Promise<{ bucketMs: number; points: QueueThroughputRow[] }> {
  const now = deps.now();
  const first = Math.floor(now / THROUGHPUT_BUCKET_MS) * THROUGHPUT_BUCKET_MS - (params.minutes - 1) * THROUGHPUT_BUCKET_MS;
  const rows = await store.queueThroughput({ tenant: params.tenant, type: params.type, since: first, bucketMs: THROUGHPUT_BUCKET_MS });
  const byAt = new Map(rows.map((r) => [r.at, r]));
  // Every bucket of the window, empty ones included: a chart needs its zeros.
  const points: QueueThroughputRow[] = [];
  for (let at = first; at <= now; at += THROUGHPUT_BUCKET_MS) points.push(byAt.get(at) ?? { at, succeeded: 0, failed: 0 });
  return { bucketMs: THROUGHPUT_BUCKET_MS, points };
}
