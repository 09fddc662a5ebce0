import type { Config } from '../config/defaults.ts';
import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { TaskRow } from '../domain/task.ts';
import { type OutcomeDeps, recordAttemptOutcome } from '../engine/attempt-outcome.ts';
import type { Store } from '../store/store.ts';
import type { CompletionBatcher } from './completion-batcher.ts';
import type { OperationLog } from './operation-log.ts';
import type { TaskTypes } from './task-types.ts';
import { mayServe, type WorkerCaller } from './worker-caller.ts';

// The lease token an HTTP worker holds names the attempt: `<task id>.<the store's lease token>`.
// Looking one up answers 404 when the caller may not see it (malformed, another tenant's task,
// a type the worker key does not serve) and 409 `lease-lost` when the attempt is over — the store's
// token moved on (rescued and re-claimed), the task finished or is gone — or its deadline passed,
// in which case the timeout is recorded first, exactly as the executor's timer would.

export interface LeaseDeps {
  config: Readonly<Pick<Config, 'tasks' | 'limits' | 'retention' | 'worker'>>;
  taskTypes: TaskTypes;
  now: () => number;
  /** Group commit of results, used when the report runs on the batcher's own store. */
  completions?: CompletionBatcher;
}

export interface Lease {
  task: TaskRow;
  leaseToken: string;
  /** startedAt + timeoutSeconds: past it the attempt is failed with `timeout`. */
  deadline: number;
}

const TOKEN_PART = /^[0-9a-f-]{16,64}$/;

export function leaseTokenOf(task: Pick<TaskRow, 'id'>, storeToken: string): string {
  return `${task.id}.${storeToken}`;
}

export function deadlineOf(task: Pick<TaskRow, 'startedAt' | 'timeoutSeconds'>): number {
  return (task.startedAt ?? 0) + task.timeoutSeconds * 1000;
}

export function outcomeDeps(store: Store, deps: LeaseDeps, log: OperationLog): OutcomeDeps {
  return {
    store,
    config: deps.config,
    logger: log,
    cleanupOf: (type) => deps.taskTypes.get(type)?.cleanup,
    retentionOf: (type) => deps.taskTypes.get(type)?.retentionSeconds,
    now: deps.now,
    ...(deps.completions && deps.completions.store === store ? { complete: deps.completions.complete } : {}),
  };
}

export async function loadLease(store: Store, caller: WorkerCaller, token: string, deps: LeaseDeps, log: OperationLog): Promise<Lease> {
  const dot = token.indexOf('.');
  const id = dot < 0 ? '' : token.slice(0, dot);
  const leaseToken = dot < 0 ? '' : token.slice(dot + 1);
  if (!isWellFormedId(id, 'tsk') || !TOKEN_PART.test(leaseToken)) throw leaseNotFound();
  const task = await store.taskGet({ tenant: caller.tenant, id });
  if (!task) {
    if (await store.tombstoneGet({ tenant: caller.tenant, id })) throw leaseLost('The task was destroyed.');
    throw leaseNotFound();
  }
  if (!mayServe(caller, task.type) || !deps.taskTypes.get(task.type)?.remote) throw leaseNotFound();
  if (task.status !== 'running' || task.leaseToken !== leaseToken) {
    throw leaseLost(task.status === 'running' ? 'Another attempt holds the task now.' : `The task is ${task.status}.`);
  }
  const lease: Lease = { task, leaseToken, deadline: deadlineOf(task) };
  if (deps.now() > lease.deadline) {
    await recordAttemptOutcome(outcomeDeps(store, deps, log), lease, { kind: 'timed-out' });
    throw leaseLost(`The attempt passed its deadline (${task.timeoutSeconds} s) and was failed with timeout.`, 'timeout');
  }
  return lease;
}

export function leaseNotFound(): ProblemError {
  return new ProblemError('lease-not-found', 'No attempt with this lease token that this key may report for.');
}

export function leaseLost(detail: string, reason?: 'timeout'): ProblemError {
  return new ProblemError('lease-lost', `${detail} Stop working on this attempt: nothing more is recorded for it.`, {
    extensions: reason ? { reason } : {},
  });
}
