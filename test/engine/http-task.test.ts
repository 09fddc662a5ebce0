import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { buildCompensateContext } from '../../src/engine/task-context.ts';
import { builtinTasks } from '../../src/tasks/builtins.ts';
import { httpCallTask } from '../../src/tasks/http-call.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { startWorker, submit, type TestStore, tempStore, testConfig, waitForStatus } from './fixtures.ts';

// The `http` task type against a real receiver on loopback (allow-listed, as an operator would for
// a LAN service): the answer is recorded, 429/5xx are retried as Retry-After says, other 4xx fail,
// compensate sends its request, and an unsafe URL is refused at submit.

interface Seen {
  at: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe(onBackend('http task type'), { skip: await backendSkip() }, () => {
  let t: TestStore;
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  let script: ((req: Seen) => { status: number; headers?: Record<string, string>; body?: string }) | null = null;

  before(async () => {
    t = await tempStore();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = { at: Date.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        seen.push(entry);
        const answer = script?.(entry) ?? { status: 200 };
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const options = { allow: ['127.0.0.0/8'], allowHttp: false, timeoutMs: 5000, maxResponseBytes: 64, maxRetryAfterSeconds: 60 };
  const config = testConfig({ tasks: { retryBaseSeconds: 0.05, retryMaxSeconds: 10 } });
  const run = async (input: unknown, maxAttempts = 3) => {
    const worker = startWorker({ store: t.store, definitions: [httpCallTask(options)], config });
    try {
      const task = await submit(t.store, 'http', input, { maxAttempts, timeoutSeconds: 10 });
      return await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 15_000);
    } finally {
      await worker.stop();
    }
  };

  test('records the status, the chosen headers and the body of the answer', async () => {
    seen.length = 0;
    script = () => ({ status: 201, headers: { 'content-type': 'application/json', location: '/items/7', 'x-request-id': 'r-1', 'x-other': 'no' }, body: '{"id":7}' });
    const done = await run({ method: 'POST', url: `${base}/items`, headers: { authorization: 'Bearer s3cret', host: 'evil.example' }, body: { name: 'seven' }, recordHeaders: ['location', 'x-request-id'] });
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const result = JSON.parse(done.resultJson!);
    assert.equal(result.status, 201);
    assert.deepEqual(result.headers, { location: '/items/7', 'x-request-id': 'r-1' });
    assert.deepEqual(result.body, { id: 7 });
    assert.equal(result.bodyEncoding, 'json');
    assert.equal(result.bodyTruncated, false);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.headers.authorization, 'Bearer s3cret');
    assert.equal(seen[0]!.headers.host, base.slice(7), 'the Host stays the URL’s (the connection is pinned to the checked address)');
    assert.equal(seen[0]!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen[0]!.body), { name: 'seven' });
  });

  test('a body over httpTask.maxResponseBytes is recorded cut, as text', async () => {
    script = () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'y'.repeat(500) });
    const done = await run({ url: `${base}/big` });
    const result = JSON.parse(done.resultJson!);
    assert.equal(result.body, 'y'.repeat(64));
    assert.equal(result.bodyTruncated, true);
  });

  test('503 with Retry-After: 1 twice, then 200: succeeded after three attempts spaced as told', async () => {
    seen.length = 0;
    script = () => (seen.length <= 2 ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' } : { status: 200, body: 'ok' });
    const done = await run({ url: `${base}/flaky` });
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.attempts, 3);
    assert.equal(seen.length, 3);
    for (const gap of [seen[1]!.at - seen[0]!.at, seen[2]!.at - seen[1]!.at]) {
      assert.ok(gap >= 990, `spaced by Retry-After: ${gap} ms`);
      assert.ok(gap < 2500, `and not by a longer backoff: ${gap} ms`);
    }
    assert.equal(JSON.parse(done.resultJson!).body, 'ok');
  });

  test('a 404 fails at once; a refused connection is retried', async () => {
    seen.length = 0;
    script = () => ({ status: 404 });
    const notFound = await run({ url: `${base}/missing` });
    assert.equal(notFound.status, 'failed');
    assert.equal(notFound.attempts, 1);
    assert.equal(notFound.error?.code, 'permanent-failure');
    assert.match(notFound.error?.detail ?? '', /404/);
    const refused = await run({ url: 'http://127.0.0.1:1/nothing-listens' }, 2);
    assert.equal(refused.status, 'failed');
    assert.equal(refused.attempts, 2, 'connection errors are retried');
  });

  test('compensate sends the request that undoes the task', async () => {
    seen.length = 0;
    script = (r) => ({ status: r.method === 'DELETE' ? 204 : 201 });
    const task = httpCallTask(options);
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const input = { method: 'POST' as const, url: `${base}/orders`, compensate: { method: 'DELETE' as const, url: `${base}/orders/42` } };
    const compensation = (result: unknown) =>
      buildCompensateContext({
        info: { taskId: 'tsk_c', tenant: 'acme', attempt: 1, maxAttempts: 3 },
        signal: new AbortController().signal,
        progress() {},
        log,
        member: { taskId: 'tsk_x', input, result },
      });
    await task.compensate!(compensation({ status: 201 }));
    assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), ['DELETE /orders/42']);
    script = () => ({ status: 500 });
    await assert.rejects(async () => task.compensate!(compensation(null)), /500/);
  });

  test('an unsafe URL is refused at submit with 422 pointing at it; nothing is stored', async () => {
    const strict = structuredClone(DEFAULTS);
    const registry = createTaskRegistry({ definitions: builtinTasks(strict), config: strict });
    const app = await buildApp({ store: t.store, taskTypes: taskTypesOf(registry), config: strict });
    try {
      const { key } = await createApiKey(t.store, { tenant: 'ssrf' });
      const headers = { authorization: `Bearer ${key}` };
      for (const [input, pointer] of [
        [{ url: 'https://169.254.169.254/latest/meta-data' }, '/input/url'],
        [{ url: 'https://127.0.0.1/admin' }, '/input/url'],
        [{ url: 'http://example.com/' }, '/input/url'],
        [{ url: 'https://user:pw@example.com/' }, '/input/url'],
        [{ url: 'https://example.com/', compensate: { url: 'https://[::ffff:10.0.0.1]/undo' } }, '/input/compensate/url'],
      ] as const) {
        const res = await app.inject({ method: 'POST', url: '/v1/tasks', headers, payload: { type: 'http', input } });
        assert.equal(res.statusCode, 422, `${JSON.stringify(input)}: ${res.body}`);
        assert.equal(res.json().code, 'input-invalid');
        assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), [pointer]);
      }
      const ok = await app.inject({ method: 'POST', url: '/v1/tasks', headers, payload: { type: 'http', input: { url: 'https://example.com/' } } });
      assert.equal(ok.statusCode, 202, ok.body);
      assert.equal((await t.store.taskList({ tenant: 'ssrf', limit: 10 })).tasks.length, 1, 'only the safe one');
    } finally {
      await app.close();
    }
  });
});
