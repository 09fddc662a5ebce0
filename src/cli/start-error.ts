import { CliError } from './cli-error.ts';

// A node that cannot start: `<what>: <why>` in one line (the cause, with its stack, stays attached
// for log level debug). `why` names the system's error code where there is one, since that is what
// an operator searches for.

export class StartError extends CliError {
  constructor(what: string, why: string, cause: unknown) {
    super('failure', `${what}: ${why}`, { cause });
    this.name = 'StartError';
  }
}

/** Runs one start-up step; its failure becomes a StartError saying which step failed. */
export async function startStep<T>(what: string, fn: () => Promise<T>, hints: Partial<Record<string, string>> = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new StartError(what, describeCause(err, hints), err);
  }
}

const WHY_BY_CODE: Record<string, string> = {
  EADDRINUSE: 'the address is in use (EADDRINUSE)',
  EADDRNOTAVAIL: 'the address is not one of this machine’s (EADDRNOTAVAIL)',
  EACCES: 'permission denied (EACCES)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ENOTFOUND: 'the host name does not resolve (ENOTFOUND)',
  EAI_AGAIN: 'the host name could not be resolved now (EAI_AGAIN)',
  ETIMEDOUT: 'the connection timed out (ETIMEDOUT)',
  EHOSTUNREACH: 'the host is unreachable (EHOSTUNREACH)',
};

/** The first system error code along the cause chain (AggregateError: its first error). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = e instanceof AggregateError && e.errors.length > 0 ? e.errors[0] : (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function describeCause(err: unknown, hints: Partial<Record<string, string>> = {}): string {
  const code = errorCode(err);
  // File-system errors (mkdir, open) already say code, reason, call and path in one line.
  const fileError = typeof (err as { path?: unknown } | null)?.path === 'string';
  const known = code && !fileError ? WHY_BY_CODE[code] : undefined;
  const text = known ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  const hint = code ? hints[code] : undefined;
  return hint ? `${text}; ${hint}` : text;
}
