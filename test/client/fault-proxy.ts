import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP proxy in front of a real server that can make one request fail the ways a
// network and an overloaded store do: the answer lost after the server acted on the request (the
// connection reset), or an answer in place of the server's. It stands in for what cannot be made
// to happen on demand here — a connection dying after the server committed, a store outage at one
// exact request — while the server behind it is the real one.

export type Fault =
  | { kind: 'pass' }
  /** Forward, let the server answer, then reset the client's connection instead of relaying it. */
  | { kind: 'lose-answer' }
  /** Forward, then answer this instead of the server's answer. */
  | { kind: 'replace-answer'; status: number; headers?: Record<string, string>; body: unknown }
  /** Answer this without forwarding. */
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body: unknown };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FaultProxy {
  url: string;
  seen: SeenRequest[];
  /** Decides each request's fate; the default passes everything. */
  plan: (req: SeenRequest, index: number) => Fault;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', seen: [], plan: () => ({ kind: 'pass' }), close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const body = Buffer.concat(await req.toArray());
    const seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const fault = proxy.plan(seen, proxy.seen.length);
    proxy.seen.push(seen);
    if (fault.kind === 'answer') return sendJson(res, fault.status, fault.headers, fault.body);
    const answer = await forward(upstream, seen, body);
    if (fault.kind === 'lose-answer') return void req.socket.destroy();
    if (fault.kind === 'replace-answer') return sendJson(res, fault.status, fault.headers, fault.body);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

function sendJson(res: import('node:http').ServerResponse, status: number, headers: Record<string, string> = {}, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify(body));
}

function forward(upstream: URL, seen: SeenRequest, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...seen.headers, host: upstream.host };
    const req = httpRequest({ host: upstream.hostname, port: upstream.port, method: seen.method, path: seen.url, headers }, (res: IncomingMessage) => {
      res.toArray().then((chunks) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
