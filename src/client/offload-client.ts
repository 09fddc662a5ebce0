// Typed HTTP client for Offload (used by the CLI, the tests and applications).
// It knows only the HTTP contract (the OpenAPI document, docs/http-contract.md), nothing of the server's internals.

export type TaskStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface TaskDocument {
  id: string;
  type: string;
  status: TaskStatus;
  customId?: string;
  priority: number;
  metadata?: Record<string, string | number | boolean>;
  progress: { percent: number; source: 'reported' | 'estimated' | 'none'; message?: string; current?: number; total?: number };
  position?: number;
  estimatedStartAt?: string;
  estimatedCompletionAt?: string;
  attempts: { count: number; max: number };
  createdAt: string;
  startedAt?: string;
  updatedAt: string;
  finishedAt?: string;
  expiresAt: string;
  cancelRequested: boolean;
  result?: unknown;
  error?: Problem;
  links: { self: string; result: string; cancel: string; events: string };
  [key: string]: unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  [key: string]: unknown;
}

export class OffloadError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'OffloadError';
    this.status = problem.status;
    this.problem = problem;
  }
}

/** `wait()` passed its `timeoutMs` before the task finished. */
export class WaitTimeoutError extends Error {
  readonly taskId: string;

  constructor(taskId: string) {
    super(`timed out waiting for task ${taskId}`);
    this.name = 'WaitTimeoutError';
    this.taskId = taskId;
  }
}

export interface SubmitRequest {
  type: string;
  input: unknown;
  customId?: string;
  priority?: number;
  runAt?: string;
  delaySeconds?: number;
  timeoutSeconds?: number;
  maxAttempts?: number;
  callbackUrl?: string;
  metadata?: Record<string, string | number | boolean>;
}

export interface SubmitOptions {
  idempotencyKey?: string;
  /** `async` → `Prefer: respond-async`; a number → `Prefer: wait=N`. */
  prefer?: 'async' | number;
}

export interface SubmitResult {
  status: number;
  task: TaskDocument;
  replayed: boolean;
  retryAfterSeconds: number | null;
}

export interface WaitOptions {
  /** Give up after this many ms (throws). Default: no limit. */
  timeoutMs?: number;
  /** Called with every new document. */
  onUpdate?: (task: TaskDocument) => void;
  /** Long-poll seconds per request (server-capped). Default 20. */
  longPollSeconds?: number;
  signal?: AbortSignal;
}

const TERMINAL = new Set<TaskStatus>(['succeeded', 'failed', 'canceled']);

export class OffloadClient {
  readonly baseUrl: string;
  readonly #apiKey: string;

  constructor(options: { baseUrl: string; apiKey: string }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
  }

  async submit(request: SubmitRequest, options: SubmitOptions = {}): Promise<SubmitResult> {
    const headers: Record<string, string> = {};
    if (options.idempotencyKey) headers['idempotency-key'] = JSON.stringify(options.idempotencyKey);
    if (options.prefer === 'async') headers.prefer = 'respond-async';
    else if (typeof options.prefer === 'number') headers.prefer = `wait=${Math.floor(options.prefer)}`;
    const res = await this.#request('POST', '/v1/tasks', { body: request, headers });
    return {
      status: res.status,
      task: (await res.json()) as TaskDocument,
      replayed: res.headers.get('idempotent-replayed') === 'true',
      retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
    };
  }

  async get(id: string): Promise<TaskDocument> {
    const res = await this.#request('GET', `/v1/tasks/${encodeURIComponent(id)}`);
    return (await res.json()) as TaskDocument;
  }

  async list(query: Record<string, string> = {}): Promise<{ items: TaskDocument[]; nextCursor: string | null }> {
    const qs = new URLSearchParams(query).toString();
    const res = await this.#request('GET', `/v1/tasks${qs ? `?${qs}` : ''}`);
    return (await res.json()) as { items: TaskDocument[]; nextCursor: string | null };
  }

  async cancel(id: string): Promise<TaskDocument> {
    const res = await this.#request('POST', `/v1/tasks/${encodeURIComponent(id)}/cancel`);
    return (await res.json()) as TaskDocument;
  }

  /** `stopping`: 202, a running handler is still stopping; else 204, destroyed. */
  async destroy(id: string): Promise<{ stopping: boolean }> {
    const res = await this.#request('DELETE', `/v1/tasks/${encodeURIComponent(id)}`);
    await res.arrayBuffer();
    return { stopping: res.status === 202 };
  }

  /** The inline result of a succeeded task (throws OffloadError 404/409/410 otherwise). */
  async result(id: string): Promise<unknown> {
    const res = await this.#request('GET', `/v1/tasks/${encodeURIComponent(id)}/result`);
    return res.json();
  }

  /**
   * Waits until the task is terminal. Uses long-polling (`Prefer: wait=N` with `If-None-Match`), and
   * between requests sleeps as `Retry-After` says when the server answers without waiting.
   */
  async wait(id: string, options: WaitOptions = {}): Promise<TaskDocument> {
    const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    const longPoll = options.longPollSeconds ?? 20;
    let etag: string | null = null;
    let last: TaskDocument | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new WaitTimeoutError(id);
      const waitSeconds = Math.max(1, Math.min(longPoll, Math.floor(remaining / 1000)));
      const headers: Record<string, string> = { prefer: `wait=${waitSeconds}` };
      if (etag) headers['if-none-match'] = etag;
      const started = Date.now();
      const res = await this.#request('GET', `/v1/tasks/${encodeURIComponent(id)}`, {
        headers,
        okStatuses: [200, 304],
        signal: options.signal,
      });
      if (res.status === 200) {
        etag = res.headers.get('etag');
        last = (await res.json()) as TaskDocument;
        options.onUpdate?.(last);
        if (TERMINAL.has(last.status)) return last;
      } else {
        await res.arrayBuffer();
      }
      // A server that did not hold the request (or answered at once) tells us when to come back.
      const heldMs = Date.now() - started;
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (heldMs < 500 && retryAfter !== null) {
        await sleep(Math.min(retryAfter * 1000, Math.max(0, deadline - Date.now())), options.signal);
      }
    }
  }

  async reserveId(): Promise<{ id: string; expiresAt: string }> {
    const res = await this.#request('POST', '/v1/task-ids');
    return (await res.json()) as { id: string; expiresAt: string };
  }

  async #request(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; okStatuses?: number[]; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#apiKey}`, ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: options.signal, redirect: 'manual' });
    const ok = options.okStatuses ? options.okStatuses.includes(res.status) : res.status < 300 || res.status === 304;
    if (!ok) {
      const text = await res.text();
      let problem: Problem;
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        problem = { type: 'about:blank', title: res.statusText, status: res.status, detail: text.slice(0, 500) };
      }
      throw new OffloadError(problem);
    }
    return res;
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
