import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../domain/problems.ts';
import { headerCount } from './request-headers.ts';
import { etagVersion } from './task-document.ts';

// If-Match for PATCH (RFC 9110 §13.1.1): required (428), strong tags or `*` alone. Our ETags carry
// the task version, and the store checks that version atomically with the change; a tag matches
// when its version is current (the digest part also moves with time-based estimates).

export type IfMatch = { any: true } | { any: false; versions: number[] };

export function parseIfMatch(req: FastifyRequest): IfMatch {
  const count = headerCount(req, 'if-match');
  if (count === 0) {
    throw new ProblemError('precondition-required', 'Send If-Match with the task’s current ETag.');
  }
  if (count > 1) throw new ProblemError('invalid-header', 'Send one If-Match header.');
  const value = String(req.headers['if-match'] ?? '').trim();
  if (value === '*') return { any: true };
  const tags = value.split(',').map((t) => t.trim());
  const versions: number[] = [];
  for (const tag of tags) {
    if (tag === '*') throw new ProblemError('invalid-header', 'If-Match: `*` cannot be combined with entity tags.');
    if (tag.startsWith('W/')) throw new ProblemError('invalid-header', 'If-Match needs strong entity tags, not weak ones.');
    if (!/^"[\x21\x23-\x7e]*"$/.test(tag)) throw new ProblemError('invalid-header', 'If-Match must be a list of quoted entity tags.');
    const version = etagVersion(tag);
    if (version !== null) versions.push(version);
  }
  return { any: false, versions };
}
