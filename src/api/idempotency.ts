import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/defaults.ts';
import { ProblemError } from '../domain/problems.ts';
import type { IdempotencyResult, Store } from '../store/store.ts';
import { headerCount } from './request-headers.ts';

// Idempotency-Key (IETF httpapi draft): scope (tenant, key), fingerprint of the parsed body.
// The record is taken only after validation passed, so rejected requests store nothing and can be
// retried with the same key. A crashed request's record unlocks after the wait cap + 30 s.

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const LOCK_MARGIN_MS = 30_000;

/** The key, or null without the header. sf-string (`"…"`) or bare token. */
export function parseIdempotencyKey(req: FastifyRequest): string | null {
  const count = headerCount(req, 'idempotency-key');
  if (count === 0) return null;
  if (count > 1) throw new ProblemError('invalid-header', 'Send at most one Idempotency-Key header.');
  const raw = String(req.headers['idempotency-key'] ?? '').trim();
  let key = raw;
  if (raw.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\["\\])*)"$/.exec(raw);
    if (!match) throw invalidKey();
    key = match[1]!.replace(/\\(["\\])/g, '$1');
  } else if (raw.includes('"')) throw invalidKey();
  if (!KEY_PATTERN.test(key) || key.trim() === '') throw invalidKey();
  return key;
}

function invalidKey(): ProblemError {
  return new ProblemError('invalid-header', 'Idempotency-Key must be 1–255 printable ASCII characters, optionally quoted.');
}

export interface IdempotencyScope {
  store: Store;
  config: Readonly<Config>;
  tenant: string;
  key: string;
}

/** `done`: the earlier request's status and what it recorded, a task or a bulk outcome (see IdempotencyResult). */
export type IdempotencyStart = { state: 'new' } | ({ state: 'done'; statusCode: number } & IdempotencyResult);

/** Records the key as in flight, or tells what happened to it before. */
export async function idempotencyStart(
  scope: IdempotencyScope,
  fingerprint: string,
  now: number,
): Promise<IdempotencyStart> {
  const { store, config, tenant, key } = scope;
  const begun = await store.idempotencyBegin({
    tenant,
    key,
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
export function idempotencyAttach(scope: IdempotencyScope, store: Store, result: IdempotencyResult, statusCode: number) {
  return store.idempotencyAttach({ tenant: scope.tenant, key: scope.key, statusCode, ...result });
}

export function idempotencyFinish(scope: IdempotencyScope, result: IdempotencyResult, statusCode: number) {
  return scope.store.idempotencyFinish({ tenant: scope.tenant, key: scope.key, statusCode, ...result });
}

/** For a request of the other kind (a bulk record replayed on POST /v1/tasks, or the reverse). */
export function idempotencyOtherKind(): ProblemError {
  return new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used for another kind of request.');
}

export function idempotencyRelease(scope: IdempotencyScope) {
  return scope.store.idempotencyRelease({ tenant: scope.tenant, key: scope.key });
}
