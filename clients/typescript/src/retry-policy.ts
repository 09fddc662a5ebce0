import type { RetrySafety } from './operations.ts';

// When and how long to wait before sending a request again. Backoff is exponential with full
// jitter; a `Retry-After` from the server replaces it (capped by `maxRetryAfterMs`: a server that
// asks for longer gets its error thrown instead, so that no call blocks for minutes unasked).

export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retrying off. */
  maxRetries?: number;
  /** First backoff step in ms (doubled each retry, full jitter). Default 250. */
  baseDelayMs?: number;
  /** Cap of one backoff step in ms. Default 10 000. */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured, in ms; a longer one is not waited for. Default 60 000. */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const o = options === false ? { maxRetries: 0 } : (options ?? {});
  return {
    maxRetries: o.maxRetries ?? 3,
    baseDelayMs: o.baseDelayMs ?? 250,
    maxDelayMs: o.maxDelayMs ?? 10_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 60_000,
  };
}

/** Whether an answer with this status and problem code may be retried for an operation of this safety. */
export function retryableAnswer(status: number, code: string | undefined, safety: RetrySafety): boolean {
  // Refused before anything was done: the rate limit, or the store unreachable before the write.
  if (status === 429 || (status === 503 && code !== 'submission-outcome-unknown')) return true;
  if (safety === 'unsafe') return false;
  // The same Idempotency-Key makes both safe: the retry answers the task if it was stored, or stores it.
  if (code === 'submission-outcome-unknown' || code === 'idempotency-key-in-flight') return safety === 'keyed';
  // A proxy in front of the server could not reach it or gave up waiting.
  return status === 502 || status === 504;
}

/** Whether a request that got no answer may be sent again. */
export function retryableNetworkError(refused: boolean, safety: RetrySafety): boolean {
  return refused || safety !== 'unsafe';
}

/** Milliseconds to wait before retry number `retry` (1-based), or null to give up. */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterSeconds: number | null, random = Math.random): number | null {
  if (retry > policy.maxRetries) return null;
  if (retryAfterSeconds !== null) {
    const ms = retryAfterSeconds * 1000;
    return ms > policy.maxRetryAfterMs ? null : ms;
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * step);
}

/** `Retry-After` as integer seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
