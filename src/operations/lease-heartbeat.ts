import type { Store } from '../store/store.ts';
import { type LeaseDeps, leaseLost, loadLease } from './lease-lookup.ts';
import type { OperationLog } from './operation-log.ts';
import type { WorkerCaller } from './worker-caller.ts';

// An HTTP worker's heartbeat (POST /v1/leases/{token}/heartbeat): extends the lease by
// worker.leaseSeconds and answers whether a cancel was requested — which is how a cancel through
// the API reaches a remote worker. It also keeps the worker live in the worker list.

export interface LeaseStatusAnswer {
  taskId: string;
  leaseExpiresAt: number;
  deadline: number;
  cancelRequested: boolean;
}

export async function leaseHeartbeat(
  store: Store,
  params: { caller: WorkerCaller; token: string; log: OperationLog },
  deps: LeaseDeps,
): Promise<LeaseStatusAnswer> {
  const lease = await loadLease(store, params.caller, params.token, deps, params.log);
  return renewLease(store, lease, deps);
}

export async function renewLease(store: Store, lease: Awaited<ReturnType<typeof loadLease>>, deps: LeaseDeps): Promise<LeaseStatusAnswer> {
  const now = deps.now();
  const leaseMs = deps.config.worker.leaseSeconds * 1000;
  const beat = await store.taskHeartbeat({ id: lease.task.id, leaseToken: lease.leaseToken, leaseMs, now });
  if (!beat.ok) throw leaseLost('Another attempt holds the task now.');
  if (lease.task.workerId) await store.workerTouch({ id: lease.task.workerId, now });
  return { taskId: lease.task.id, leaseExpiresAt: now + leaseMs, deadline: lease.deadline, cancelRequested: beat.cancelRequested };
}
