import { type AttemptOutcome, recordAttemptOutcome } from '../engine/attempt-outcome.ts';
import type { Store } from '../store/store.ts';
import { answer, type ReportAnswer } from './lease-complete.ts';
import { type LeaseDeps, loadLease, outcomeDeps } from './lease-lookup.ts';
import type { OperationLog } from './operation-log.ts';
import type { WorkerCaller } from './worker-caller.ts';

// An HTTP worker's failure (POST /v1/leases/{token}/fail), by the in-process rules: retried with
// backoff while attempts are left, at once failed when `permanent`, after `retryAfterSeconds` when
// the worker names the time. A worker that stops because its heartbeat said `cancelRequested`
// reports a failure too: it is recorded as the cancel (or destroy) it answers, as the executor does
// when a handler stops on its aborted signal.

export interface FailureReport {
  message: string;
  permanent?: boolean;
  retryAfterSeconds?: number;
}

export async function leaseFail(
  store: Store,
  params: { caller: WorkerCaller; token: string; failure: FailureReport; log: OperationLog },
  deps: LeaseDeps,
): Promise<ReportAnswer> {
  const lease = await loadLease(store, params.caller, params.token, deps, params.log);
  const { failure } = params;
  const outcome: AttemptOutcome = lease.task.cancelRequested
    ? { kind: lease.task.destroyRequested ? 'destroyed' : 'canceled' }
    : { kind: 'failed', message: failure.message, permanent: failure.permanent === true, retryAfterSeconds: failure.retryAfterSeconds ?? null };
  const recorded = await recordAttemptOutcome(outcomeDeps(store, deps, params.log), lease, outcome);
  return answer(lease.task.id, recorded);
}
