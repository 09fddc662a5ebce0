import { networkError, type Problem, problemError } from './offload-error.ts';
import { expandPath, type OperationSpec } from './operations.ts';
import { parseRetryAfter, type RetryPolicy, retryableAnswer, retryableNetworkError, retryDelayMs, sleep } from './retry-policy.ts';

// One request of an operation: URL, auth, JSON body (or raw `content`: an upload), and the retries
// its safety allows. Answers outside `okStatuses` become typed errors (offload-error.ts); the body is
// sent again unchanged on a retry (same Idempotency-Key included), so a retried submission is the
// same submission. A body that can be read only once (a stream) is never sent again.

export interface TransportOptions {
  baseUrl: string;
  apiKey: string | undefined;
  retry: RetryPolicy;
  fetch: typeof fetch;
  userAgent: string;
  /** Called before each retry: for logs and tests. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  operation: string;
  retry: number;
  delayMs: number;
  /** The answer's status, or null after a network error. */
  status: number | null;
  code: string | undefined;
}

export interface RequestOptions {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, in place of `body`. */
  content?: RequestContent;
  /** No `Authorization`: a request that carries its own authority (a signed download link). */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** Statuses that are answers, not errors. Default: every 2xx and 304. */
  okStatuses?: readonly number[];
}

/** A body that is not JSON: its bytes and media type. */
export interface RequestContent {
  body: NonNullable<RequestInit['body']>;
  contentType: string;
  /** A stream, read as it is sent: the request cannot be sent again, whatever its operation's safety. */
  once: boolean;
}

export type Transport = (operation: string, spec: OperationSpec, options?: RequestOptions) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return async function send(operation, spec, request = {}) {
    const url = `${baseUrl}${expandPath(spec.path, request.path)}${queryString(request.query)}`;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'user-agent': options.userAgent };
    if (options.apiKey && !request.anonymous) headers.authorization = `Bearer ${options.apiKey}`;
    for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
    let body: RequestInit['body'];
    if (request.content) {
      headers['content-type'] = request.content.contentType;
      body = request.content.body;
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers, body, signal: request.signal, redirect: 'manual' };
    // fetch sends a stream only when told that the answer may start before the body ends.
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) init.duplex = 'half';
    const policy = request.content?.once ? { ...options.retry, maxRetries: 0 } : options.retry;
    for (let retry = 1; ; retry++) {
      let res: Response;
      try {
        res = await options.fetch(url, init);
      } catch (err) {
        if (request.signal?.aborted) throw request.signal.reason;
        const failure = networkError(err, baseUrl);
        const delayMs = retryableNetworkError(failure.refused, spec.retry) ? retryDelayMs(policy, retry, null) : null;
        if (delayMs === null) throw failure;
        options.onRetry?.({ operation, retry, delayMs, status: null, code: failure.code });
        await sleep(delayMs, request.signal);
        continue;
      }
      const ok = request.okStatuses ? request.okStatuses.includes(res.status) : (res.status >= 200 && res.status < 300) || res.status === 304;
      if (ok) return res;
      const error = problemError(await readProblem(res));
      const delayMs = retryableAnswer(res.status, error.code, spec.retry) ? retryDelayMs(policy, retry, error.retryAfter) : null;
      if (delayMs === null) throw error;
      options.onRetry?.({ operation, retry, delayMs, status: res.status, code: error.code });
      await sleep(delayMs, request.signal);
    }
  };
}

function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.append(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The problem of an error answer; an answer that is not one (a proxy's HTML page) is described as one. */
async function readProblem(res: Response) {
  const text = await res.text();
  let problem: Problem | null = null;
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (parsed && typeof parsed === 'object' && typeof parsed.title === 'string') problem = { ...parsed, status: res.status } as Problem;
  } catch {}
  // Not one of the server's problems (a proxy's page, say): no code, the text as the detail.
  problem ??= { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 500) } as Problem;
  return {
    problem,
    retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    requestId: res.headers.get('x-request-id'),
    location: res.headers.get('location'),
  };
}
