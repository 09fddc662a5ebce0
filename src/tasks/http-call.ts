import type { Config } from '../config/defaults.ts';
import { defineTask, type InputProblem, PermanentFailure, RetryAfter, type TaskDefinition } from '../engine/define-task.ts';
import { checkUrl } from '../webhooks/outbound-policy.ts';
import { type SafeResponse, safeRequest } from '../webhooks/safe-request.ts';

// The `http` task type: one HTTP request, under the outbound safety of webhooks (SSRF policy on
// the URL at submit and on every resolved address at each attempt, the connection pinned to the
// checked address, no redirects, a deadline, a response-size cap), with its own operator
// allow-list (`httpTask.allow`). The result records the status, the chosen headers and the body.
// 429 and 5xx are retried — after the upstream's Retry-After when it sends one —, other 4xx fail
// at once. `compensate` (an atomic group's undo, e.g. the DELETE that undoes a POST) sends the
// request given in `compensate`.

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const DEFAULT_RECORDED_HEADERS = ['content-type', 'location'];
/** Set by the connection itself; a caller's value would contradict the pinned target. */
const DROPPED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export interface HttpRequestSpec {
  method?: (typeof METHODS)[number];
  url: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with `content-type: application/json` unless set). */
  body?: unknown;
}

export interface HttpCallInput extends HttpRequestSpec {
  /** Response headers to record (lower-case names); default content-type and location. */
  recordHeaders?: string[];
  compensate?: HttpRequestSpec;
}

export interface HttpCallResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON for a JSON answer, text for a text answer, base64 otherwise (`bodyEncoding`). */
  body: unknown;
  bodyEncoding: 'json' | 'text' | 'base64' | 'none';
  bodyTruncated: boolean;
  latencyMs: number;
}

const requestProperties = {
  method: { type: 'string', enum: [...METHODS], default: 'GET' },
  url: { type: 'string', format: 'uri', maxLength: 2048, description: 'Absolute https URL (http only where the operator allows).' },
  headers: {
    type: 'object',
    maxProperties: 50,
    propertyNames: { pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]{1,128}$' },
    additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[^\\r\\n\\u0000]*$' },
  },
  body: { description: 'A string is sent as is; any other JSON value as application/json.' },
} as const;

const INPUT_SCHEMA = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    ...requestProperties,
    recordHeaders: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]{1,128}$' } },
    compensate: { type: 'object', required: ['url'], additionalProperties: false, properties: requestProperties },
  },
};

export type HttpTaskOptions = Config['httpTask'];

export function httpCallTask(options: HttpTaskOptions): TaskDefinition<HttpCallInput, HttpCallResult> {
  const policy = { allow: options.allow, allowHttp: options.allowHttp };
  const send = async (spec: HttpRequestSpec, signal: AbortSignal): Promise<SafeResponse> => {
    const { headers, body } = encode(spec);
    return safeRequest({
      url: spec.url,
      method: spec.method ?? 'GET',
      headers,
      body,
      policy,
      timeoutMs: options.timeoutMs,
      // One byte more than recorded, to tell a body of exactly the cap from a longer one.
      maxResponseBytes: options.maxResponseBytes + 1,
      readBody: true,
      signal,
    });
  };

  return defineTask<HttpCallInput, HttpCallResult>({
    type: 'http',
    description:
      'Sends one HTTP request (method, url, headers, body) under the outbound safety of webhooks and records the answer: status, chosen headers, body. 429/5xx are retried (honouring Retry-After), other 4xx fail.',
    input: INPUT_SCHEMA,
    check(input) {
      const problems: InputProblem[] = [];
      const refuse = (pointer: string, url: string | undefined) => {
        if (url === undefined) return;
        const verdict = checkUrl(url, policy);
        if (!verdict.ok) problems.push({ pointer, detail: `the URL is refused: ${verdict.reason}` });
      };
      refuse('/url', input.url);
      refuse('/compensate/url', input.compensate?.url);
      return problems;
    },
    async run(input, ctx) {
      const answer = await send(input, ctx.signal);
      ctx.signal.throwIfAborted();
      if (answer.kind === 'refused') {
        if (answer.transient) throw new Error(`request not sent: ${answer.reason}`);
        throw new PermanentFailure(`request refused by the outbound policy: ${answer.reason}`);
      }
      if (answer.kind === 'error') throw new Error(`request failed: ${answer.reason}`);
      const { statusCode } = answer;
      if (statusCode === 429 || statusCode >= 500) {
        const after = retryAfterSeconds(answer.retryAfter, Date.now());
        const message = `the server answered ${statusCode}`;
        if (after !== null) throw new RetryAfter(Math.min(after, options.maxRetryAfterSeconds), `${message}, retry after ${after} s`);
        throw new Error(message);
      }
      if (statusCode >= 400) throw new PermanentFailure(`the server answered ${statusCode}`);
      return record(answer, input.recordHeaders ?? DEFAULT_RECORDED_HEADERS, options.maxResponseBytes);
    },
    async compensate(ctx) {
      const spec = (ctx.compensating.input as HttpCallInput).compensate;
      if (!spec) return;
      const answer = await send(spec, ctx.signal);
      if (answer.kind !== 'response') throw new Error(`compensating request failed: ${answer.reason}`);
      if (answer.statusCode >= 400 && answer.statusCode !== 404 && answer.statusCode !== 410) {
        // 404/410: what it would undo is gone already, which is what the undo wanted.
        throw new Error(`compensating request answered ${answer.statusCode}`);
      }
    },
  });
}

function encode(spec: HttpRequestSpec): { headers: Record<string, string>; body: string | null } {
  const headers: Record<string, string> = { 'user-agent': 'offload-http-task' };
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  if (spec.body === undefined) return { headers, body: null };
  if (typeof spec.body === 'string') return { headers, body: spec.body };
  headers['content-type'] ??= 'application/json';
  return { headers, body: JSON.stringify(spec.body) };
}

function record(answer: Extract<SafeResponse, { kind: 'response' }>, names: string[], cap: number): HttpCallResult {
  const content = answer.content;
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = content?.headers[name.toLowerCase()];
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const raw = content?.body ?? Buffer.alloc(0);
  const truncated = raw.length > cap;
  const bytes = truncated ? raw.subarray(0, cap) : raw;
  const base = { status: answer.statusCode, headers, bodyTruncated: truncated, latencyMs: answer.latencyMs };
  if (bytes.length === 0) return { ...base, body: null, bodyEncoding: 'none' };
  const type = String(content?.headers['content-type'] ?? '').toLowerCase();
  const text = utf8(bytes);
  if (!truncated && text !== null && /[/+]json\b/.test(type)) {
    try {
      return { ...base, body: JSON.parse(text), bodyEncoding: 'json' };
    } catch {
      // Not the JSON it claimed to be: keep it as text.
    }
  }
  if (text !== null) return { ...base, body: text, bodyEncoding: 'text' };
  return { ...base, body: bytes.toString('base64'), bodyEncoding: 'base64' };
}

function utf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
