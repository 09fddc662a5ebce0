import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkAddresses, checkUrl, hostOf, type OutboundPolicy } from './outbound-policy.ts';

// One outgoing webhook request, SSRF-safe (docs/webhooks.md § Outbound safety): the URL and every resolved address are
// checked (fail closed on DNS errors), the socket connects to exactly the checked address (a custom
// `lookup`, so no second resolution can rebind it) while TLS SNI and Host keep the host name,
// redirects are never followed, the whole exchange has a deadline, and at most `maxResponseBytes`
// of the answer are read before the connection is dropped.

export interface SafeRequestOptions {
  url: string;
  /** Default POST (webhooks); the `http` task type sends any method. */
  method?: string;
  headers: Record<string, string>;
  /** null: no body (a GET or DELETE). */
  body: string | null;
  policy: OutboundPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Keep the response's headers and its first maxResponseBytes (the `http` task records them). */
  readBody?: boolean;
  /** Aborts the exchange (a canceled task): answered as an error. */
  signal?: AbortSignal;
}

/** What `readBody` keeps of a response. */
export interface ResponseContent {
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The body was longer than maxResponseBytes; `body` is its beginning. */
  truncated: boolean;
}

export type SafeResponse =
  | { kind: 'response'; statusCode: number; retryAfter: string | null; latencyMs: number; content?: ResponseContent }
  /** Refused before anything was sent (policy or DNS). */
  | { kind: 'refused'; reason: string; latencyMs: number; transient: boolean }
  /** Sent (or tried to) and failed: connection refused, reset, timeout, TLS. */
  | { kind: 'error'; reason: string; latencyMs: number };

export async function safeRequest(options: SafeRequestOptions): Promise<SafeResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = checkUrl(options.url, options.policy);
  if (!checked.ok) return { kind: 'refused', reason: checked.reason, latencyMs: elapsed(), transient: false };
  const { url } = checked;
  const host = hostOf(url);

  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      return { kind: 'refused', reason: `DNS lookup of ${host} failed: ${(err as { code?: string }).code ?? 'error'}`, latencyMs: elapsed(), transient: true };
    }
  }
  const verdict = checkAddresses(url, addresses.map((a) => a.address), options.policy);
  if (!verdict.ok) return { kind: 'refused', reason: verdict.reason, latencyMs: elapsed(), transient: false };
  const target = addresses[0]!;

  // Whatever the socket asks for, it gets the address that was checked.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    } else callback(null, target.address, target.family);
  };

  return new Promise<SafeResponse>((resolve) => {
    let settled = false;
    const finish = (result: SafeResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const requestOptions: https.RequestOptions = {
      method: options.method ?? 'POST',
      headers: { ...options.headers, ...(options.body === null ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) },
      lookup: pinned,
      agent: false,
      ...(url.protocol === 'https:' && isIP(host) === 0 ? { servername: host } : {}),
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, requestOptions, (res) => {
      const statusCode = res.statusCode ?? 0;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null;
      let read = 0;
      const chunks: Buffer[] = [];
      let truncated = false;
      const done = () => {
        const content = options.readBody
          ? { headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks).subarray(0, options.maxResponseBytes), truncated }
          : undefined;
        finish({ kind: 'response', statusCode, retryAfter, latencyMs: elapsed(), ...(content ? { content } : {}) });
        res.destroy();
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (options.readBody) chunks.push(chunk);
        if (read > options.maxResponseBytes) truncated = true;
        if (read >= options.maxResponseBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
      res.on('close', done);
    });
    const deadline = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    if (options.signal) {
      const onAbort = () => req.destroy(new Error('aborted'));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
      req.once('close', () => options.signal?.removeEventListener('abort', onAbort));
    }
    req.on('error', (err: Error & { code?: string }) => {
      finish({ kind: 'error', reason: err.code ? `${err.code}: ${err.message}` : err.message, latencyMs: elapsed() });
    });
    if (options.body === null) req.end();
    else req.end(options.body);
  });
}
