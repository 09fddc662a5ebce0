import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../domain/problems.ts';
import { headerCount } from './request-headers.ts';

// The Idempotency-Key header (IETF httpapi draft): an sf-string (`"…"`) or a bare token of 1–255
// printable ASCII characters, at most once. What the key does is src/operations/idempotency.ts.

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** The key, or null without the header. */
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
