// The public API as the pages use it: the key the user typed (kept for this tab only, in
// sessionStorage), JSON in and out, problem documents turned into errors that carry them.

const KEY = 'offload.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** One call. Resolves with { status, headers, body } for 2xx/304, rejects with ApiError otherwise. */
export async function api(path, { method = 'GET', body, headers = {}, signal, key = apiKey() } = {}) {
  const init = { method, signal, headers: { ...headers } };
  if (key) init.headers.authorization = `Bearer ${key}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const type = res.headers.get('content-type') ?? '';
  const text = res.status === 204 || res.status === 304 ? '' : await res.text();
  const parsed = text && type.includes('json') ? JSON.parse(text) : text || null;
  if (res.status >= 400) throw new ApiError(res.status, typeof parsed === 'object' ? parsed : { title: String(parsed) });
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Seconds to wait before asking about an unfinished task again, as the server says (Retry-After). */
export function retryAfterMs(headers, fallbackSeconds = 2) {
  const value = Number(headers?.get('retry-after'));
  return (Number.isFinite(value) && value > 0 ? value : fallbackSeconds) * 1000;
}

/** A human message for any error the pages show. */
export function describeError(err) {
  if (err instanceof ApiError) return `${err.problem?.title ?? 'Error'}: ${err.message}`;
  return err?.message ?? String(err);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}
