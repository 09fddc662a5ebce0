import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OffloadClient, type TaskDocument } from '../../src/client/offload-client.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// Graceful shutdown: on SIGTERM a worker stops claiming, lets the running attempt finish within the
// grace period and exits 0; the CLI client (`offload task submit --wait --json`) sees the result.

let dir: string;
let env: Record<string, string>;
let server: OffloadProcess;
let key: string;
let baseUrl: string;
const extra: OffloadProcess[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-shutdown-'));
  env = { OFFLOAD_DATABASE: join(dir, 'offload.db'), OFFLOAD_PORT: '0', OFFLOAD_WORKER_POLL_INTERVAL_MS: '100' };
  const created = await runOffload(['keys', 'create', '--tenant', 'shutdown', '--create', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
  server = spawnOffload(['serve', '--no-worker'], env);
  baseUrl = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
});

after(async () => {
  await Promise.all([server, ...extra].map((p) => p?.kill('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

test('SIGTERM lets the running attempt finish, then the worker exits 0', async () => {
  const client = new OffloadClient({ baseUrl, apiKey: key });
  const worker = spawnOffload(['worker'], env);
  extra.push(worker);
  await worker.waitForLog((e) => e.msg === 'offload node started');
  const { task } = await client.submit({ type: 'sleep', input: { seconds: 1.5 }, maxAttempts: 1 }, { prefer: 'async' });
  let doc: TaskDocument = task;
  for (let i = 0; i < 100 && doc.status !== 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    doc = await client.get(task.id);
  }
  assert.equal(doc.status, 'running');
  const exitCode = await worker.kill('SIGTERM');
  assert.equal(exitCode, 0, worker.lines.slice(-10).join('\n'));
  const done = await client.get(task.id);
  assert.equal(done.status, 'succeeded', 'the attempt finished before the worker exited');
  assert.equal(done.attempts.count, 1);
});

test('the CLI submits, waits and prints the final document as JSON', async () => {
  const worker = spawnOffload(['worker'], env);
  extra.push(worker);
  const run = await runOffload(['task', 'submit', 'sleep', '--input', '{"seconds":0.2}', '--wait', '--json', '--url', baseUrl, '--key', key], env);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TaskDocument;
  assert.equal(doc.status, 'succeeded');
  assert.deepEqual(doc.result, { sleptSeconds: 0.2 });

  const bad = await runOffload(['task', 'submit', 'no-such-type', '--json', '--url', baseUrl, '--key', key], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /422 Unknown task type/);
});
