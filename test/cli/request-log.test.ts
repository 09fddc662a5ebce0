import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type OffloadProcess, spawnOffload } from '../helpers/offload-process.ts';

// The log as an operator reads it from a real `offload serve`: stdout is JSON lines only (the
// first-start admin key goes to stderr), one line per request with its request id, and no secret —
// API keys, idempotency keys, URL query strings (a callback URL's ?token=) — in any line.

type Entry = Record<string, unknown>;

let dir: string;
let server: OffloadProcess;
let url: string;
let key = '';
let stdout = '';
let stderr = '';

const jsonLines = (): Entry[] =>
  stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Entry);

async function logLine(predicate: (e: Entry) => boolean, what: string): Promise<Entry> {
  for (let i = 0; i < 100; i++) {
    const found = jsonLines().find(predicate);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no log line ${what}; stdout:\n${stdout.slice(-3000)}`);
}

describe('offload serve logs', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-log-'));
    server = spawnOffload(['serve', '--port', '0'], {
      OFFLOAD_DATABASE: join(dir, 'offload.db'),
      // debug, so that every line that could carry a secret is written
      OFFLOAD_LOG_LEVEL: 'debug',
      OFFLOAD_WEBHOOKS_ALLOW: '127.0.0.1',
      OFFLOAD_WORKER_POLL_INTERVAL_MS: '50',
    });
    server.child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    server.child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    url = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
    key = /ok_[A-Za-z0-9]+/.exec(stderr)?.[0] ?? '';
  });

  after(async () => {
    await server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  test('stdout carries only JSON log lines; the first-start admin key is printed on stderr', () => {
    for (const line of stdout.split('\n').filter((l) => l.trim() !== '')) {
      assert.doesNotThrow(() => JSON.parse(line), `a stdout line is not JSON: ${line}`);
    }
    assert.match(key, /^ok_/, `no admin key on stderr:\n${stderr}`);
    assert.doesNotMatch(stdout, /ok_[A-Za-z0-9]{20}/);
  });

  test('one info line per request: method, route, status, duration, request id; X-Request-Id honoured and echoed', async () => {
    const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'probe-1.A:b_c' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'probe-1.A:b_c');
    const line = await logLine((e) => e.reqId === 'probe-1.A:b_c', 'for the health probe');
    assert.equal(line.level, 30);
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/healthz');
    assert.equal(line.statusCode, 200);
    assert.equal(typeof line.responseTimeMs, 'number');
    assert.equal(jsonLines().filter((e) => e.reqId === 'probe-1.A:b_c').length, 1, 'more than one line for one request');

    const missing = await fetch(`${url}/v1/tasks/tsk_0000000000000000000000000000`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(missing.status, 404);
    const generated = missing.headers.get('x-request-id');
    assert.ok(generated, 'no X-Request-Id on the answer');
    const line404 = await logLine((e) => e.reqId === generated && e.statusCode === 404, 'for the 404');
    assert.equal(line404.route, '/v1/tasks/:id');

    for (const bad of ['has spaces', 'x'.repeat(200), 'quote"d']) {
      const answered = await fetch(`${url}/healthz`, { headers: { 'x-request-id': bad } });
      const id = answered.headers.get('x-request-id');
      assert.ok(id && id !== bad && /^[A-Za-z0-9._:-]{1,128}$/.test(id), `an unsafe X-Request-Id was taken: ${id}`);
    }
  });

  test('no secret reaches the log: API keys, idempotency keys, URL query strings', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': '"idem-secret-5150"' };
    const submitted = await fetch(`${url}/v1/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'noop', input: {}, callbackUrl: 'http://127.0.0.1:9/hook?token=callback-secret-77' }),
    });
    assert.ok(submitted.status === 201 || submitted.status === 202, `submit answered ${submitted.status}: ${await submitted.text()}`);
    const listed = await fetch(`${url}/v1/tasks?customId=query-secret-42`, { headers });
    assert.equal(listed.status, 200);
    await fetch(`${url}/v1/tasks?cursor=not-a-cursor-secret-99`, { headers });
    // The callback target refuses connections: the dispatcher logs the failed attempt with its URL.
    const attempt = await logLine((e) => e.msg === 'webhook attempt failed', 'for the failed webhook attempt');
    assert.match(String(attempt.url), /^http:\/\/127\.0\.0\.1:9\/hook/);
    await logLine((e) => typeof e.url === 'string' && e.url.startsWith('/v1/tasks?') && e.statusCode === 422, 'for the bad cursor');
    for (const secret of [key, 'idem-secret-5150', 'callback-secret-77', 'query-secret-42', 'not-a-cursor-secret-99']) {
      assert.ok(!stdout.includes(secret), `the log contains "${secret}"`);
    }
  });
});
