import type { Store } from '../store/store.ts';
import { renewLease, type LeaseStatusAnswer } from './lease-heartbeat.ts';
import { type LeaseDeps, leaseLost, loadLease } from './lease-lookup.ts';
import type { OperationLog } from './operation-log.ts';
import type { WorkerCaller } from './worker-caller.ts';

// An HTTP worker's progress report (POST /v1/leases/{token}/progress): shown in the task document
// as `progress.source: "reported"`, fenced by the lease like the executor's. It renews the lease
// too, so a worker reporting progress often needs no separate heartbeat.

export interface ProgressReport {
  percent?: number;
  message?: string;
  current?: number;
  total?: number;
}

export async function leaseProgress(
  store: Store,
  params: { caller: WorkerCaller; token: string; progress: ProgressReport; log: OperationLog },
  deps: LeaseDeps,
): Promise<LeaseStatusAnswer> {
  const lease = await loadLease(store, params.caller, params.token, deps, params.log);
  const answer = await renewLease(store, lease, deps);
  const { percent, message, current, total } = params.progress;
  const written = await store.taskProgress({
    id: lease.task.id,
    leaseToken: lease.leaseToken,
    percent: percent ?? null,
    message: message ?? null,
    current: current ?? null,
    total: total ?? null,
    now: deps.now(),
  });
  if (!written.ok) throw leaseLost('Another attempt holds the task now.');
  return { ...answer, cancelRequested: written.cancelRequested };
}
