import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { IdempotencyResult, Store } from '../store/store.ts';

// Idempotency keys: scope (tenant, key), fingerprint of the parsed body. The record is taken only
// after validation passed, and in the same transaction as the task it leads to: a request that is
// rejected, rolled back or cut off before its commit leaves no record, so a retry with the same key
// runs at once. After the commit the record stays "in flight" while the request waits for the task
// (Prefer: wait) and is finished with the answer's status; if the process dies in between, the record
// unlocks LOCK_MARGIN_MS after the wait the request meant to do, and a retry then replays the task.

const LOCK_MARGIN_MS = 10_000;

export interface IdempotencyScope {
  tenant: string;
  key: string;
}

/** `done`: the earlier request's status and what it recorded, a task or a bulk outcome (see IdempotencyResult). */
export type IdempotencyStart = { state: 'new' } | ({ state: 'done'; statusCode: number } & IdempotencyResult);

/** Records the key as in flight, or tells what happened to it before. */
export async function idempotencyStart(
  store: Store,
  scope: IdempotencyScope,
  config: Pick<Config, 'retention'>,
  fingerprint: string,
  now: number,
  /** How long the request may hold the answer after its commit (its wait), seconds. */
  waitSeconds = 0,
): Promise<IdempotencyStart> {
  const begun = await store.idempotencyBegin({
    tenant: scope.tenant,
    key: scope.key,
    fingerprint,
    now,
    lockedUntil: now + waitSeconds * 1000 + LOCK_MARGIN_MS,
    expiresAt: now + config.retention.idempotencySeconds * 1000,
  });
  switch (begun.state) {
    case 'new':
    case 'done':
      return begun;
    case 'in-flight':
      throw new ProblemError('idempotency-key-in-flight', 'The first request with this Idempotency-Key is still running.', {
        headers: { 'retry-after': '1' },
      });
    case 'mismatch':
      throw new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used with a different body.');
  }
}

/** Records the task or bulk outcome in `store` (the transaction of the insert) while still in flight. */
export function idempotencyAttach(store: Store, scope: IdempotencyScope, result: IdempotencyResult, statusCode: number) {
  return store.idempotencyAttach({ tenant: scope.tenant, key: scope.key, statusCode, ...result });
}

export function idempotencyFinish(store: Store, scope: IdempotencyScope, result: IdempotencyResult, statusCode: number) {
  return store.idempotencyFinish({ tenant: scope.tenant, key: scope.key, statusCode, ...result });
}

/** For a request of the other kind (a bulk record replayed on POST /v1/tasks, or the reverse). */
export function idempotencyOtherKind(): ProblemError {
  return new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used for another kind of request.');
}
