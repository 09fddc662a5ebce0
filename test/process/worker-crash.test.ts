import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OffloadClient, type TaskDocument } from '../../src/client/offload-client.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// Done-when 6 of the core issue: kill -9 of an `offload worker` mid-task; the task is retried on
// another worker once the lease expires and succeeds. All real processes on one SQLite file.

let dir: string;
let env: Record<string, string>;
let server: OffloadProcess;
const workers: OffloadProcess[] = [];
let client: OffloadClient;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-crash-'));
  env = {
    OFFLOAD_DATABASE: join(dir, 'offload.db'),
    OFFLOAD_PORT: '0',
    OFFLOAD_WORKER_LEASE_SECONDS: '2',
    OFFLOAD_WORKER_POLL_INTERVAL_MS: '100',
    OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '200',
  };
  const created = await runOffload(['keys', 'create', '--tenant', 'crash', '--create', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  const { key } = JSON.parse(created.stdout) as { key: string };
  server = spawnOffload(['serve', '--no-worker'], env);
  const started = await server.waitForLog((e) => e.msg === 'offload node started');
  client = new OffloadClient({ baseUrl: String(started.api), apiKey: key });
});

after(async () => {
  await Promise.all([server, ...workers].map((p) => p?.kill('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

test('a task whose worker is killed with SIGKILL is retried on another worker and succeeds', async () => {
  const first = spawnOffload(['worker'], env);
  workers.push(first);
  await first.waitForLog((e) => e.msg === 'offload node started');

  const { task } = await client.submit({ type: 'sleep', input: { seconds: 2 }, maxAttempts: 3 }, { prefer: 'async' });
  let running: TaskDocument = task;
  for (let i = 0; i < 100 && running.status !== 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    running = await client.get(task.id);
  }
  assert.equal(running.status, 'running', 'the first worker picked the task up');
  assert.equal(running.attempts.count, 1);

  assert.equal(await first.kill('SIGKILL'), null, 'killed by the signal, no clean exit');

  const second = spawnOffload(['worker'], env);
  workers.push(second);
  const done = await client.waitUntilDone(task.id, { timeoutMs: 20_000 });
  assert.equal(done.status, 'succeeded');
  assert.equal(done.attempts.count, 2, 'exactly one retry: the attempt lost with the killed worker');
  assert.deepEqual(done.result, { sleptSeconds: 2 });
});
