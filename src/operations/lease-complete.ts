import type { RecordedOutcome } from '../engine/attempt-outcome.ts';
import { recordAttemptOutcome } from '../engine/attempt-outcome.ts';
import type { Store } from '../store/store.ts';
import { type LeaseDeps, leaseLost, loadLease, outcomeDeps } from './lease-lookup.ts';
import type { OperationLog } from './operation-log.ts';
import type { WorkerCaller } from './worker-caller.ts';

// An HTTP worker's result (POST /v1/leases/{token}/complete): recorded by the same rules as an
// in-process handler's return value (src/engine/attempt-outcome.ts) — JSON within
// limits.resultBytes, else the task fails permanently — and fenced by the lease: a late complete
// of a lost attempt is `409 lease-lost`. A result wins over a cancel requested meanwhile.

export interface ReportAnswer {
  taskId: string;
  /** What was recorded: the task's new state. */
  recorded: Exclude<RecordedOutcome, 'lease-lost' | 'released'>;
}

export async function leaseComplete(
  store: Store,
  params: { caller: WorkerCaller; token: string; result: unknown; log: OperationLog },
  deps: LeaseDeps,
): Promise<ReportAnswer> {
  const lease = await loadLease(store, params.caller, params.token, deps, params.log);
  const recorded = await recordAttemptOutcome(outcomeDeps(store, deps, params.log), lease, { kind: 'returned', value: params.result });
  return answer(lease.task.id, recorded);
}

export function answer(taskId: string, recorded: RecordedOutcome): ReportAnswer {
  if (recorded === 'lease-lost' || recorded === 'released') throw leaseLost('Another attempt holds the task now.');
  return { taskId, recorded };
}
