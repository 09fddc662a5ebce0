import pg from 'pg';
import { StoreUnavailableError } from '../store.ts';

// Connection-level failures become StoreUnavailableError (→ 503); everything else is a bug or a
// constraint the caller handles, and passes through unchanged.

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

export function isUnavailable(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) {
    const code = err.code ?? '';
    // 08: connection exception, 57P0x: shutdown/crash/cannot connect now, 53: insufficient resources.
    return code.startsWith('08') || code.startsWith('57P') || code.startsWith('53');
  }
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && NETWORK_CODES.has(code)) return true;
  // pg reports a dropped socket and a pool checkout timeout without any code; these message texts
  // are pg's own and the only signal it gives (a known leak, kept to this one place).
  return /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    err.message,
  );
}

export function mapUnavailable(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isUnavailable(err)) return err;
  return new StoreUnavailableError(`postgres unavailable: ${(err as Error).message}`, { cause: err });
}

/** The name of the violated unique constraint or index, or null when `err` is not 23505. */
export function uniqueViolation(err: unknown): string | null {
  if (err instanceof pg.DatabaseError && err.code === '23505') return err.constraint ?? '';
  return null;
}

/** 40P01 deadlock_detected, or 40001 serialization_failure: the statement changed nothing and may be retried. */
export function isDeadlock(err: unknown): boolean {
  return err instanceof pg.DatabaseError && (err.code === '40P01' || err.code === '40001');
}
