import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import { type Store, StoreConflictError, StoreUnavailableError } from '../store/store.ts';
import type { InsertOutcome, PreparedTask } from './submitter.ts';
import { outcomeUnknown, type SubmitDeps, type SubmitResult, type SubmitTaskParams, settleSubmission } from './submit-task.ts';
import { taskGone } from './task-lookup.ts';

// Submit under a server-assigned id (PUT /v1/tasks/{id} after POST /v1/task-ids). The reserved id
// makes the call idempotent by itself: the same body again answers the same task (200), another
// body is a conflict, an unknown or expired reservation is 404.

export interface SubmitReservedParams extends Omit<SubmitTaskParams, 'idempotencyKey'> {
  id: string;
}

export async function submitReservedTask(
  store: Store,
  params: SubmitReservedParams,
  deps: Omit<SubmitDeps, 'insertBatcher'>,
): Promise<SubmitResult> {
  const { tenant, id } = params;
  const now = deps.now();
  if (!isWellFormedId(id, 'tsk')) throw reservationNotFound(id);
  deps.rateLimiter.take(tenant);
  const prepared = deps.submitter.prepare(tenant, params.body, now, { id });
  const existing = await existingSubmission(store, tenant, prepared);
  if (existing) return settleSubmission(store, prepared, existing, null, params, deps);
  let outcome: InsertOutcome;
  try {
    outcome = await store.withTransaction(async (tx) => {
      if (!(await tx.reservationTake({ tenant, id, now }))) throw reservationNotFound(id);
      return deps.submitter.insert(tx, prepared);
    });
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw outcomeUnknown([id], deps, err);
    // A concurrent PUT of the same id may have taken the reservation first.
    const lost = (err instanceof ProblemError && err.code === 'reservation-not-found') || err instanceof StoreConflictError;
    const winner = lost ? await existingSubmission(store, tenant, prepared) : null;
    if (!winner) throw err;
    outcome = winner;
  }
  return settleSubmission(store, prepared, outcome, null, params, deps);
}

function reservationNotFound(id: string): ProblemError {
  return new ProblemError('reservation-not-found', `No unexpired reservation ${id}.`);
}

/** A task already stored under the PUT's id: a replay (same body) or a conflict. */
async function existingSubmission(store: Store, tenant: string, prepared: PreparedTask): Promise<InsertOutcome | null> {
  const { id, fingerprint } = prepared.task;
  const task = await store.taskGet({ tenant, id });
  if (task) {
    if (task.destroyRequested) throw taskGone(id);
    if (task.fingerprint !== fingerprint) throw new ProblemError('task-id-conflict', `Task ${id} was submitted with another body.`);
    return { task, created: false };
  }
  if (await store.tombstoneGet({ tenant, id })) throw taskGone(id);
  return null;
}
