import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OffloadClient } from '../../src/client/offload-client.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// Never an orphan after a crash: kill -9 of an `offload worker` while its task is writing a file
// (bytes already in the database driver); once the lease expires and the task is requeued, the
// sweeper deletes the half-written file and removes its bytes. All real processes on one SQLite file.

let dir: string;
let env: Record<string, string>;
let server: OffloadProcess;
let worker: OffloadProcess;
let client: OffloadClient;
let store: Store;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-file-crash-'));
  env = {
    OFFLOAD_DATABASE: join(dir, 'offload.db'),
    OFFLOAD_PORT: '0',
    OFFLOAD_TASK_MODULES: new URL('./slow-file-task.ts', import.meta.url).pathname,
    OFFLOAD_WORKER_LEASE_SECONDS: '1',
    OFFLOAD_WORKER_POLL_INTERVAL_MS: '100',
    OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '200',
    OFFLOAD_FILES_SWEEP_INTERVAL_MS: '200',
  };
  const created = await runOffload(['keys', 'create', '--tenant', 'crash', '--create', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  const { key } = JSON.parse(created.stdout) as { key: string };
  server = spawnOffload(['serve', '--no-worker'], env);
  const started = await server.waitForLog((e) => e.msg === 'offload node started');
  client = new OffloadClient({ baseUrl: String(started.api), apiKey: key });
  store = await openSqliteStore({ path: env.OFFLOAD_DATABASE! });
});

after(async () => {
  await Promise.all([server, worker].map((p) => p?.kill('SIGKILL')));
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a file half-written by a worker killed with SIGKILL is swept: record deleted, bytes removed', async () => {
  worker = spawnOffload(['worker', '--types', 'slow-file'], env);
  await worker.waitForLog((e) => e.msg === 'offload node started');
  const { task } = await client.submit({ type: 'slow-file', input: {}, maxAttempts: 5 }, { prefer: 'async' });
  let fileId = '';
  for (let i = 0; i < 200 && !fileId; i++) {
    await new Promise((r) => setTimeout(r, 50));
    fileId = (await client.get(task.id)).progress.message ?? '';
  }
  assert.match(fileId, /^fil_/);
  const writing = await store.fileGet({ tenant: null, id: fileId });
  assert.equal(writing?.state, 'writing');
  const blobKey = writing!.blobKey!;
  assert.ok(await store.fileChunkAt({ blobKey, pos: 0 }), 'bytes were stored before the crash');

  await worker.kill('SIGKILL');
  let file = writing;
  for (let i = 0; i < 200 && file?.blobKey !== null; i++) {
    await new Promise((r) => setTimeout(r, 50));
    file = (await store.fileGet({ tenant: null, id: fileId })) ?? file;
  }
  assert.equal(file?.state, 'deleted');
  assert.equal(file?.blobKey, null, 'the sweeper removed the bytes');
  assert.equal(await store.fileChunkAt({ blobKey, pos: 0 }), null, 'no chunk is left');
  assert.equal((await client.get(task.id)).status, 'queued', 'the task waits for its retry');
});
