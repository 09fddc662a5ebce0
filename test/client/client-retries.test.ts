import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { NetworkError, OffloadClient, type RetryEvent, ServiceUnavailableError } from '../../src/client/offload-client.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// Retries that are safe by default: every submission carries an Idempotency-Key (generated unless
// given), so the client can send it again after a lost answer, a 503 or a 429 without making a
// second task; Retry-After is honoured; what could run twice is not retried. A real server, a
// loopback proxy in front of it to lose answers on purpose (fault-proxy.ts), and the server's own
// rate limit for 429s.

let server: OffloadServer;
let proxy: FaultProxy;

function clientVia(url: string, events: RetryEvent[], retry = {}): OffloadClient {
  return new OffloadClient({ baseUrl: url, apiKey: server.apiKey, retry: { baseDelayMs: 50, ...retry }, onRetry: (e) => events.push(e) });
}

async function tasksTagged(tag: string): Promise<string[]> {
  const direct = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey });
  const ids: string[] = [];
  for await (const task of direct.listAll({ metadata: { tag } })) ids.push(task.id);
  return ids;
}

describe('client retries', () => {
  before(async () => {
    server = await startOffloadServer({ OFFLOAD_RATE_LIMIT_SUBMIT_PER_SECOND: '2' });
    proxy = await startFaultProxy(server.url);
  });
  after(async () => {
    await proxy?.close();
    await server?.close();
  });

  test('a submission whose answer was lost is sent again with the same generated key: one task', async () => {
    proxy.seen.length = 0;
    // The first POST reaches the server, which stores the task; its answer never comes back.
    proxy.plan = (req) => (req.method === 'POST' && !proxy.seen.some((s) => s.method === 'POST') ? { kind: 'lose-answer' } : { kind: 'pass' });
    const events: RetryEvent[] = [];
    const submitted = await clientVia(proxy.url, events).submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, metadata: { tag: 'lost' } });
    const posts = proxy.seen.filter((s) => s.method === 'POST');
    assert.equal(posts.length, 2, 'sent twice');
    assert.ok(posts[0]!.headers['idempotency-key'], 'the first attempt carried a key');
    assert.equal(posts[1]!.headers['idempotency-key'], posts[0]!.headers['idempotency-key'], 'the retry carried the same key');
    assert.equal(JSON.stringify(submitted.idempotencyKey), posts[0]!.headers['idempotency-key']);
    assert.equal(submitted.replayed, true, 'the server answered the retry as a replay');
    assert.deepEqual(events.map((e) => [e.operation, e.status]), [['submitTask', null]]);
    assert.deepEqual(await tasksTagged('lost'), [submitted.task.id], 'exactly one task was stored');
  });

  test('submission-outcome-unknown is retried with the same key after its Retry-After: one task', async () => {
    proxy.seen.length = 0;
    proxy.plan = (req, i) =>
      req.method === 'POST' && i === 0
        ? {
            kind: 'replace-answer',
            status: 503,
            headers: { 'retry-after': '1' },
            body: { type: '/problems/submission-outcome-unknown', title: 'Submission outcome unknown', status: 503, code: 'submission-outcome-unknown' },
          }
        : { kind: 'pass' };
    const events: RetryEvent[] = [];
    const started = Date.now();
    const submitted = await clientVia(proxy.url, events).submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, metadata: { tag: 'unknown' } });
    assert.ok(Date.now() - started >= 1000, 'waited the Retry-After');
    assert.deepEqual(events.map((e) => [e.status, e.code, e.delayMs]), [[503, 'submission-outcome-unknown', 1000]]);
    assert.equal(submitted.replayed, true);
    assert.deepEqual(await tasksTagged('unknown'), [submitted.task.id]);
  });

  test('429 from the server’s rate limit is retried after its Retry-After until admitted', async () => {
    const events: RetryEvent[] = [];
    const client = clientVia(server.url, events, { maxRetries: 10 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, metadata: { tag: 'limited' } })),
    );
    assert.equal(new Set(results.map((r) => r.task.id)).size, 5);
    const limited = events.filter((e) => e.status === 429);
    assert.ok(limited.length > 0, 'the rate limit refused some submissions');
    assert.ok(limited.every((e) => e.code === 'rate-limited' && e.delayMs >= 1000), JSON.stringify(limited));
    assert.equal((await tasksTagged('limited')).length, 5);
  });

  test('503 service-unavailable on a read is retried after its Retry-After; the error keeps it when retries run out', async () => {
    const { task } = await new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey }).submit({ type: 'steps', input: { steps: 1, intervalMs: 0 } });
    const unavailable = {
      kind: 'answer' as const,
      status: 503,
      headers: { 'retry-after': '1' },
      body: { type: '/problems/service-unavailable', title: 'Service unavailable', status: 503, code: 'service-unavailable' },
    };
    proxy.seen.length = 0;
    proxy.plan = (_req, i) => (i === 0 ? unavailable : { kind: 'pass' });
    const events: RetryEvent[] = [];
    assert.equal((await clientVia(proxy.url, events).get(task.id)).id, task.id);
    assert.deepEqual(events.map((e) => [e.status, e.delayMs]), [[503, 1000]]);

    proxy.plan = () => unavailable;
    const err = await clientVia(proxy.url, [], { maxRetries: 0 }).get(task.id).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceUnavailableError, String(err));
    assert.equal(err.retryAfter, 1);
    assert.equal(err.outcomeUnknown, false);
    proxy.plan = () => ({ kind: 'pass' });
  });

  test('an operation that could run twice is not retried after a lost answer; a refused connection is', async () => {
    proxy.seen.length = 0;
    proxy.plan = () => ({ kind: 'lose-answer' });
    const events: RetryEvent[] = [];
    const err = await clientVia(proxy.url, events).rotateWebhookCallbackSecret().catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.refused, false);
    assert.equal(proxy.seen.length, 1, 'sent once');
    assert.deepEqual(events, []);
    proxy.plan = () => ({ kind: 'pass' });

    const closed = await freePort();
    const refused: RetryEvent[] = [];
    const down = await clientVia(`http://127.0.0.1:${closed}`, refused, { maxRetries: 2 }).rotateWebhookCallbackSecret().catch((e: unknown) => e);
    assert.ok(down instanceof NetworkError, String(down));
    assert.equal(down.code, 'ECONNREFUSED');
    assert.match(down.message, new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
    assert.equal(refused.length, 2, 'refused connections are retried even for unsafe operations');
  });

  test('a manual retry of a task whose answer was lost is not sent again: the repeat could run the task once more', async () => {
    const direct = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey, retry: { maxRetries: 10 } });
    const { task } = await direct.submit({ type: 'fails', input: { reason: 'retried by hand' } });
    assert.equal((await direct.waitUntilDone(task.id)).status, 'failed');
    proxy.seen.length = 0;
    // The server queues the task again; its answer never comes back.
    proxy.plan = (req) => (req.method === 'POST' ? { kind: 'lose-answer' } : { kind: 'pass' });
    const events: RetryEvent[] = [];
    const err = await clientVia(proxy.url, events).retry(task.id).catch((e: unknown) => e);
    proxy.plan = () => ({ kind: 'pass' });
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(proxy.seen.length, 1, 'sent once');
    assert.deepEqual(events, []);
    const done = await direct.waitUntilDone(task.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.attempts.count, 2, 'one retry asked for, one more attempt');
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
