import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import { tenantLimitOf } from '../engine/tenant-limit.ts';
import type { ClaimedTask, Store } from '../store/store.ts';
import { deadlineOf, leaseTokenOf } from './lease-lookup.ts';
import type { TaskTypes } from './task-types.ts';
import { mayServe, type WorkerCaller } from './worker-caller.ts';

// An HTTP worker asks for work (POST /v1/workers/claim): up to `max` tasks of its types, leased to
// it exactly as to an in-process runner (the same taskClaim: priority order, paused queues skipped,
// the tenant limit, a fresh lease token per attempt). With `waitSeconds` the request is held until
// a task of one of the types becomes available — the store's event, in this process and (on
// PostgreSQL) from other nodes — or, where other processes announce nothing (SQLite), until the
// next poll. Each claim also records the worker's heartbeat in the worker list.

export interface ClaimParams {
  caller: WorkerCaller;
  types: string[];
  max: number;
  waitSeconds: number;
  /** The worker's own name for itself (several processes may share a key); defaults to the key's id. */
  workerName: string | null;
  /** Where the request came from (the worker list's `node`). */
  node: string;
  signal?: AbortSignal;
}

export interface ClaimDeps {
  config: Readonly<Pick<Config, 'worker' | 'limits'>>;
  taskTypes: TaskTypes;
  now: () => number;
}

export interface LeasedTask {
  claimed: ClaimedTask;
  /** The token the worker reports with (`/v1/leases/{leaseToken}/…`). */
  leaseToken: string;
  deadline: number;
}

export async function claimTasks(store: Store, params: ClaimParams, deps: ClaimDeps): Promise<LeasedTask[]> {
  const { caller, max } = params;
  const types = [...new Set(params.types)];
  const forbidden = types.filter((t) => !mayServe(caller, t));
  if (forbidden.length > 0) {
    throw new ProblemError('forbidden', `This worker key does not serve ${forbidden.map((t) => `"${t}"`).join(', ')}.`);
  }
  const perType: Record<string, number> = {};
  types.forEach((type, i) => {
    const registered = deps.taskTypes.get(type);
    if (!registered?.remote) {
      throw new ProblemError('unknown-task-type', `No task type "${type}" is served over HTTP (declare it in httpTaskTypes).`, {
        extensions: { errors: [{ pointer: `/types/${i}`, detail: 'not an HTTP task type' }] },
      });
    }
    perType[type] = Math.min(max, registered.concurrency);
  });

  const workerId = `http:${caller.keyId}:${params.workerName ?? 'default'}`;
  const startedAt = deps.now();
  const heartbeat = () =>
    store.workerHeartbeat({
      worker: {
        id: workerId, kind: 'http', tenant: caller.tenant, keyId: caller.keyId, name: params.workerName ?? caller.keyId,
        node: params.node, types, concurrency: max, startedAt, lastHeartbeatAt: deps.now(),
      },
    });
  await heartbeat();

  const tenantLimit = tenantLimitOf(deps.config.worker);
  const leaseMs = deps.config.worker.leaseSeconds * 1000;
  const until = startedAt + params.waitSeconds * 1000;
  // Where the store announces other processes' changes, the poll is only a safety net.
  const pollMs = store.capabilities.crossProcessEvents ? 2000 : deps.config.worker.pollIntervalMs;
  let woken = false;
  let wake: (() => void) | null = null;
  const unsubscribe = store.events.onTaskAvailable((type) => {
    if (!types.includes(type)) return;
    woken = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  params.signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      woken = false;
      const claimed = await store.taskClaim({
        types, perType, limit: max, workerId, leaseMs, now: deps.now(), tenant: caller.tenant, tenantLimit,
      });
      const left = until - deps.now();
      if (claimed.length > 0 || left <= 0 || params.signal?.aborted) {
        if (params.waitSeconds > 0) await heartbeat();
        return claimed.map((c) => ({ claimed: c, leaseToken: leaseTokenOf(c.task, c.leaseToken), deadline: deadlineOf(c.task) }));
      }
      // An announcement between the claim and here must not be slept through.
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, Math.min(pollMs, left));
        wake = done;
      });
    }
  } finally {
    unsubscribe();
    params.signal?.removeEventListener('abort', onAbort);
  }
}
