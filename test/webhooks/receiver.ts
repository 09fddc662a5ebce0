import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULTS, type Config } from '../../src/config/defaults.ts';
import { newId } from '../../src/domain/ids.ts';
import { createWebhookDispatcher } from '../../src/services/webhook-dispatcher.ts';
import type { Store } from '../../src/store/store.ts';

export { newTasks } from '../helpers/tasks.ts';

// A real HTTP receiver on 127.0.0.1 for the webhook tests: records every request (headers and raw
// body) and answers with whatever `respond` says.

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  url: string;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  respond: (req: ReceivedRequest) => { status: number; headers?: Record<string, string> };
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const receiver = { requests: [] as ReceivedRequest[], respond: () => ({ status: 204 }) } as unknown as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const r = { headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '/' };
      receiver.requests.push(r);
      const answer = receiver.respond(r);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function webhookConfig(overrides: Partial<Config['webhooks']> = {}): Config {
  const config: Config = structuredClone(DEFAULTS);
  config.webhooks = { ...config.webhooks, scheduleSeconds: [0.05, 0.05, 0.1, 0.1, 0.2], timeoutMs: 2000, ...overrides };
  return config;
}

export const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function dispatcher(store: Store, config: Config) {
  return createWebhookDispatcher({ store, config, logger: silent, holder: `test-${newId('wrk')}`, pollIntervalMs: 20 });
}

const HOUR = 3_600_000;

/** Claims and completes every queued task of `type`: two events each (started, succeeded). */
export async function runAll(store: Store, type: string): Promise<number> {
  let n = 0;
  for (;;) {
    const claimed = await store.taskClaim({ types: [type], perType: {}, limit: 100, workerId: 'w', leaseMs: 30_000, now: Date.now() });
    if (claimed.length === 0) return n;
    for (const { task, leaseToken } of claimed) {
      await store.taskComplete({ id: task.id, leaseToken, resultJson: '{"ok":true}', now: Date.now(), retentionMs: HOUR });
      n++;
    }
  }
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
