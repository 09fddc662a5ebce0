import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

// A small webhook receiver for Offload's deliveries (Standard Webhooks): verifies the signature,
// refuses stale or future timestamps, ignores repeated deliveries by `webhook-id`, answers 204.
// Importable (`createReceiver`) and runnable:
//
//   OFFLOAD_WEBHOOK_SECRET=whsec_… PORT=8080 node examples/webhook-receiver/receiver.ts

export interface WebhookEvent {
  id: string;
  timestamp: number;
  /** The parsed JSON payload (`{ type, timestamp, data }`). */
  payload: unknown;
}

export interface ReceiverOptions {
  /** The endpoint's signing secret as Offload gave it: `whsec_<base64>`. */
  secret: string;
  /** Called once per new `webhook-id` with a valid signature. Throwing makes the answer 500 (retried). */
  onEvent?: (event: WebhookEvent) => void | Promise<void>;
  /** Allowed clock skew in seconds; default 300 (±5 min). */
  toleranceSeconds?: number;
  /** How many recent `webhook-id`s are remembered for de-duplication; default 10 000. */
  maxRememberedIds?: number;
  /** Largest body accepted, in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  now?: () => number;
}

export function createReceiver(options: ReceiverOptions): http.Server {
  const key = secretKey(options.secret);
  const tolerance = options.toleranceSeconds ?? 300;
  const maxIds = options.maxRememberedIds ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  // A Set keeps insertion order: the oldest id is evicted first once the bound is reached.
  const seen = new Set<string>();

  return http.createServer((req, res) => {
    const answer = (status: number, message?: string) => {
      if (message) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
      else res.writeHead(status).end();
    };
    if (req.method !== 'POST') return answer(405, 'POST only');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => answer(400));
    req.on('end', async () => {
      if (tooLarge) return answer(413, 'body too large');
      const body = Buffer.concat(chunks).toString('utf8');
      const id = header(req, 'webhook-id');
      const timestamp = header(req, 'webhook-timestamp');
      const signature = header(req, 'webhook-signature');
      if (!id || !timestamp || !signature) return answer(400, 'missing webhook-id, webhook-timestamp or webhook-signature');
      if (!/^\d{1,12}$/.test(timestamp)) return answer(400, 'bad webhook-timestamp');
      const seconds = Number(timestamp);
      if (Math.abs(now() / 1000 - seconds) > tolerance) return answer(401, 'timestamp outside the tolerance');
      if (!verify(key, id, timestamp, body, signature)) return answer(401, 'bad signature');
      // Deliveries are at-least-once: a repeated id was handled already, so acknowledge it again.
      if (seen.has(id)) return answer(204);
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return answer(400, 'body is not JSON');
      }
      try {
        await options.onEvent?.({ id, timestamp: seconds, payload });
      } catch {
        return answer(500, 'handler failed'); // not remembered: the retry gets another chance
      }
      seen.add(id);
      if (seen.size > maxIds) seen.delete(seen.values().next().value as string);
      return answer(204);
    });
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) throw new Error('the webhook secret is empty or not base64 (expected whsec_<base64>)');
  return key;
}

/** HMAC-SHA256 over `${id}.${timestamp}.${body}`; any `v1,` entry matching (constant time) is enough. */
function verify(key: Buffer, id: string, timestamp: string, body: string, header: string): boolean {
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  let ok = false;
  for (const entry of header.split(' ')) {
    if (!entry.startsWith('v1,')) continue;
    const given = Buffer.from(entry.slice(3), 'base64');
    // Check every entry (no early exit), so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

if (import.meta.main) {
  const secret = process.env.OFFLOAD_WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set OFFLOAD_WEBHOOK_SECRET to the endpoint secret (whsec_…).');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8080);
  const server = createReceiver({
    secret,
    onEvent: (event) => console.log(JSON.stringify({ webhookId: event.id, ...(event.payload as object) })),
  });
  server.listen(port, () => console.log(`webhook receiver listening on :${(server.address() as { port: number }).port}`));
}
