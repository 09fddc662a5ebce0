import { EVERY_TENANT } from '../store/queue-store.ts';
import type { Store } from '../store/store.ts';
import type { TaskTypes } from './task-types.ts';

// The queues (GET /v1/queues): one per registered task type (and per type that still has active
// tasks), with its depth by status, how long the oldest queued task has waited, and whether it is
// paused — for the caller's tenant, or (admin) over every tenant.

export interface QueueSummary {
  type: string;
  depth: { pending: number; queued: number; running: number };
  /** now − the earliest runAt of a queued task, in seconds; null when none is queued. */
  oldestQueuedAgeSeconds: number | null;
  paused: boolean;
  /** The pause holds for every tenant (an admin's); a tenant cannot lift it. */
  pausedForEveryTenant: boolean;
  /** Tenants whose own pause holds (admin view only). */
  pausedTenants: string[];
  /** Served by HTTP workers only. */
  http: boolean;
}

export async function listQueues(
  store: Store,
  params: { tenant: string | null },
  deps: { taskTypes: TaskTypes; now: () => number },
): Promise<QueueSummary[]> {
  const now = deps.now();
  const [stats, pauses] = await Promise.all([store.queueStats({ tenant: params.tenant }), store.queuePauseList({ tenant: params.tenant })]);
  const types = new Set([...deps.taskTypes.types(), ...stats.map((s) => s.type)]);
  return [...types].sort().map((type) => {
    const depth = { pending: 0, queued: 0, running: 0 };
    let oldest: number | null = null;
    for (const s of stats) {
      if (s.type !== type) continue;
      depth[s.status] = s.count;
      if (s.status === 'queued') oldest = s.oldestRunAt;
    }
    const mine = pauses.filter((p) => p.type === type);
    const forEvery = mine.some((p) => p.tenant === EVERY_TENANT);
    return {
      type,
      depth,
      oldestQueuedAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
      paused: forEvery || (params.tenant !== null && mine.length > 0),
      pausedForEveryTenant: forEvery,
      pausedTenants: params.tenant === null ? mine.filter((p) => p.tenant !== EVERY_TENANT).map((p) => p.tenant) : [],
      http: deps.taskTypes.get(type)?.remote === true,
    };
  });
}
