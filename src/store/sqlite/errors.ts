import { StoreConflictError, type StoreConflictKind, StoreUnavailableError } from '../store.ts';

// SQLite's errors in the store's terms: a uniqueness clash the caller can act on, or "the database
// cannot serve us now" (→ 503). Everything else passes through unchanged.

const CONSTRAINT_UNIQUE = 2067;
const CONSTRAINT_PRIMARYKEY = 1555;

/** Maps SQLite's uniqueness error to the conflict the caller can act on (by the index it names). */
export function conflictKind(err: unknown): StoreConflictKind | null {
  if (typeof err !== 'object' || err === null) return null;
  const { errcode, message } = err as { errcode?: number; message?: string };
  if (errcode !== CONSTRAINT_UNIQUE && errcode !== CONSTRAINT_PRIMARYKEY) return null;
  if (message?.includes('tasks.custom_id')) return 'custom-id';
  if (message?.includes('tasks.id')) return 'task-id';
  return null;
}

/** `err` as a StoreConflictError when it is a task uniqueness clash, else unchanged. */
export function mapConflict(err: unknown, index: number | null = null): unknown {
  const kind = conflictKind(err);
  return kind ? new StoreConflictError(kind, index) : err;
}

// SQLite result codes (primary, the low byte of the extended code) that mean "the database cannot
// serve us now" rather than "this request is wrong": busy past busy_timeout, I/O, disk full, …
const UNAVAILABLE_CODES = new Set([5 /* BUSY */, 6 /* LOCKED */, 7 /* NOMEM */, 8 /* READONLY */, 10 /* IOERR */, 11 /* CORRUPT */, 13 /* FULL */, 14 /* CANTOPEN */]);

export function mapUnavailable(err: unknown): unknown {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code & 0xff)) {
    return new StoreUnavailableError(`sqlite: ${(err as Error).message}`, { cause: err });
  }
  return err;
}
