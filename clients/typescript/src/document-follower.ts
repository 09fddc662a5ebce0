import { sleep } from './retry-policy.ts';

// Following a status monitor (a task's, a stored batch's) to its end by long-polling: each request
// names the copy the client has (`If-None-Match`) and asks the server to hold the answer until the
// document changes (`Prefer: wait=N`). So every change is reported as it happens, however many come
// within one `Retry-After`; `Retry-After` is only waited for when the server did not hold the
// request (a server whose `limits.waitMaxSeconds` is 0).

export interface WaitOptions {
  /** Give up after this many ms: the iteration throws a `WaitTimeoutError`. Default: no limit. */
  timeoutMs?: number;
  /** How long one request may be held, in seconds (the server caps it too). Default 20. */
  longPollSeconds?: number;
  signal?: AbortSignal;
}

/** One read of a status monitor. */
export interface Polled<T> {
  status: 200 | 304;
  /** The document (200 only). */
  document: T | null;
  etag: string | null;
  retryAfter: number | null;
  /** The `Prefer` the server honoured, e.g. `wait=20`: it held the request. */
  preferenceApplied: string | null;
}

export type PollDocument<T> = (options: { etag: string | null; waitSeconds: number | null; signal: AbortSignal }) => Promise<Polled<T>>;

export interface Follow<T> {
  poll: PollDocument<T>;
  /** The last document: following ends after yielding it. */
  finished: (document: T) => boolean;
  /** The error thrown when `timeoutMs` passes first. */
  timedOut: () => Error;
}

/** Every new version of the document, the current one first, ending with the finished one. */
export async function* followDocument<T>(follow: Follow<T>, options: WaitOptions = {}): AsyncGenerator<T, void, undefined> {
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  const longPoll = Math.max(1, Math.floor(options.longPollSeconds ?? 20));
  let etag: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw follow.timedOut();
    const limit = timeLimit(options.signal, remaining);
    // The first read answers at once; later ones are held until the document changes.
    const waitSeconds = etag === null ? null : Math.max(1, Math.min(longPoll, Math.ceil(remaining / 1000)));
    let answer: Polled<T>;
    try {
      answer = await follow.poll({ etag, waitSeconds, signal: limit.signal });
    } catch (err) {
      if (limit.expired()) throw follow.timedOut();
      throw err;
    } finally {
      limit.clear();
    }
    if (answer.status === 200 && answer.document) {
      const changed = answer.etag === null || answer.etag !== etag;
      etag = answer.etag;
      if (changed) yield answer.document;
      if (follow.finished(answer.document)) return;
      if (changed) continue;
    }
    // Unchanged. A held request has already waited; one that was not held says when to come back.
    if (answer.preferenceApplied === null && waitSeconds !== null) {
      await sleep(Math.min(Math.max(0, deadline - Date.now()), (answer.retryAfter ?? 1) * 1000), options.signal);
    }
  }
}

/** An AbortSignal for the caller's signal and the deadline together. */
function timeLimit(signal: AbortSignal | undefined, ms: number): { signal: AbortSignal; expired(): boolean; clear(): void } {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = Number.isFinite(ms)
    ? setTimeout(() => {
        expired = true;
        controller.abort(new Error('the wait ran out of time'));
      }, ms)
    : undefined;
  return {
    signal: controller.signal,
    expired: () => expired,
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
