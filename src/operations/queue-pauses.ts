import { ProblemError } from '../domain/problems.ts';
import { EVERY_TENANT } from '../store/queue-store.ts';
import type { Store } from '../store/store.ts';
import type { TaskTypes } from './task-types.ts';

// Pause and resume a type's queue (POST /v1/queues/{type}/pause | resume): submissions are still
// accepted, nothing of the queue is claimed — by any runner or HTTP worker on any node, from the
// next claim on, since every claim statement reads the pauses. A tenant pauses its own tasks of the
// type; an admin key (tenant null) pauses the type for every tenant.

export interface QueuePauseState {
  type: string;
  /** Paused for the caller's tenant, or for every tenant. */
  paused: boolean;
  pausedForEveryTenant: boolean;
}

function checkType(taskTypes: TaskTypes, type: string): void {
  if (!taskTypes.get(type)) throw new ProblemError('queue-not-found', `No task type "${type}" is registered.`);
}

export async function pauseQueue(
  store: Store,
  params: { tenant: string | null; type: string },
  deps: { taskTypes: TaskTypes; now: () => number },
): Promise<QueuePauseState> {
  checkType(deps.taskTypes, params.type);
  await store.queuePause({ type: params.type, tenant: params.tenant ?? EVERY_TENANT, now: deps.now() });
  return queuePauseState(store, params);
}

export async function resumeQueue(
  store: Store,
  params: { tenant: string | null; type: string },
  deps: { taskTypes: TaskTypes },
): Promise<QueuePauseState> {
  checkType(deps.taskTypes, params.type);
  await store.queueResume({ type: params.type, tenant: params.tenant ?? EVERY_TENANT });
  return queuePauseState(store, params);
}

async function queuePauseState(store: Store, params: { tenant: string | null; type: string }): Promise<QueuePauseState> {
  const pauses = (await store.queuePauseList({ tenant: params.tenant })).filter((p) => p.type === params.type);
  const forEvery = pauses.some((p) => p.tenant === EVERY_TENANT);
  return { type: params.type, paused: pauses.length > 0, pausedForEveryTenant: forEvery };
}
