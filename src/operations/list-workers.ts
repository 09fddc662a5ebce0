import type { Config } from '../config/defaults.ts';
import type { Store } from '../store/store.ts';
import type { WorkerRow } from '../store/worker-store.ts';

// The live workers (GET /v1/workers): in-process runners (every node heartbeats its runner's row
// every worker.heartbeatSeconds) and HTTP workers (each claim and lease heartbeat counts). Live =
// heard of within liveWindowMs. A tenant sees the runners and the HTTP workers serving it.

export function liveWindowMs(config: Pick<Config, 'worker' | 'limits'>): number {
  // An HTTP worker in a long-poll is silent for up to waitMaxSeconds; one busy with a task
  // heartbeats its lease at least every leaseSeconds.
  return Math.max(3 * config.worker.heartbeatSeconds, config.limits.waitMaxSeconds + config.worker.leaseSeconds) * 1000;
}

export async function listWorkers(
  store: Store,
  params: { tenant: string | null },
  deps: { config: Pick<Config, 'worker' | 'limits'>; now: () => number },
): Promise<WorkerRow[]> {
  return store.workerList({ tenant: params.tenant, since: deps.now() - liveWindowMs(deps.config) });
}
