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
  headers: Record<string, string>;
  body: string;
  policy: OutboundPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
}

export type SafeResponse =
  | { kind: 'response'; statusCode: number; retryAfter: string | null; latencyMs: number }
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
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      lookup: pinned,
      agent: false,
      ...(url.protocol === 'https:' && isIP(host) === 0 ? { servername: host } : {}),
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, requestOptions, (res) => {
      const statusCode = res.statusCode ?? 0;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null;
      let read = 0;
      const done = () => {
        finish({ kind: 'response', statusCode, retryAfter, latencyMs: elapsed() });
        res.destroy();
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= options.maxResponseBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
      res.on('close', done);
    });
    const deadline = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (err: Error & { code?: string }) => {
      finish({ kind: 'error', reason: err.code ? `${err.code}: ${err.message}` : err.message, latencyMs: elapsed() });
    });
    req.end(options.body);
  });
}
