import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { IdempotencyResult, Store } from '../store/store.ts';

// Idempotency keys: scope (tenant, key), fingerprint of the parsed body. The record is taken only
// after validation passed, so rejected requests store nothing and can be retried with the same key.
// A crashed request's record unlocks after the wait cap + 30 s. Every function takes the store it
// writes through: the root store, or the transaction that also writes the task (so a rolled-back
// transaction leaves no record behind).

const LOCK_MARGIN_MS = 30_000;

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
  config: Pick<Config, 'limits' | 'retention'>,
  fingerprint: string,
  now: number,
): Promise<IdempotencyStart> {
  const begun = await store.idempotencyBegin({
    tenant: scope.tenant,
    key: scope.key,
    fingerprint,
    now,
    lockedUntil: now + config.limits.waitMaxSeconds * 1000 + LOCK_MARGIN_MS,
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

/** Forgets the key: the request failed before doing anything, so a retry with it is safe. */
export function idempotencyRelease(store: Store, scope: IdempotencyScope) {
  return store.idempotencyRelease({ tenant: scope.tenant, key: scope.key });
}

/** For a request of the other kind (a bulk record replayed on POST /v1/tasks, or the reverse). */
export function idempotencyOtherKind(): ProblemError {
  return new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used for another kind of request.');
}
