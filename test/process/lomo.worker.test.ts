import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { percentile } from '../helpers/cluster.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// Seed 000: the CPU-heavy lomo filter runs on a machine of its own. Here: `offload serve --no-worker`
// and `offload worker --types lomo` (one CPU thread) on one SQLite file, real processes. 50 images
// are submitted in one bulk request and all run on the worker, while the API keeps answering (GET of a
// task document, one request at a time). Its latency is printed here and measured against the
// 2×-idle target in the bench (`npm run bench -- --only lomo`): a timing bound in a test fails on a
// busy machine without anything being wrong.

const PHOTO = readFileSync(new URL('../../node_modules/autocannon/test/j5.jpeg', import.meta.url));
const IMAGES = 50;

let dir: string;
let env: Record<string, string>;
let server: OffloadProcess;
let worker: OffloadProcess;
let base: string;
let auth: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-lomo-worker-'));
  env = { OFFLOAD_DATABASE: join(dir, 'offload.db'), OFFLOAD_PORT: '0', OFFLOAD_WORKER_POLL_INTERVAL_MS: '100', OFFLOAD_WORKER_CPU_THREADS: '1' };
  const created = await runOffload(['keys', 'create', '--tenant', 'photos', '--create', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  auth = `Bearer ${(JSON.parse(created.stdout) as { key: string }).key}`;
  server = spawnOffload(['serve', '--no-worker'], env);
  base = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
});

after(async () => {
  await Promise.all([server, worker].map((p) => p?.kill('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

/** One GET over a fresh keep-alive-less request, in ms. */
function timedGet(path: string): Promise<number> {
  const url = new URL(path, base);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    req.on('error', reject);
    req.end();
  });
}

async function latencies(path: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await timedGet(path));
  return out;
}

test('50 lomo images in bulk run on a --types lomo worker while the API keeps answering', async (t) => {
  const files: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const res = await fetch(`${base}/v1/files?name=photo-${i}.jpg`, { method: 'POST', headers: { authorization: auth, 'content-type': 'image/jpeg' }, body: PHOTO });
    assert.equal(res.status, 201);
    files.push(((await res.json()) as { id: string }).id);
  }
  const probe = await fetch(`${base}/v1/tasks`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'noop', input: {} }) });
  const probePath = `/v1/tasks/${((await probe.json()) as { id: string }).id}`;
  await latencies(probePath, 500); // warm-up (JIT, connection setup paths)
  const idle = await latencies(probePath, 2000);

  worker = spawnOffload(['worker', '--types', 'lomo'], env);
  await worker.waitForLog((e) => e.msg === 'offload node started');
  const bulk = await fetch(`${base}/v1/tasks/bulk`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ tasks: files.map((file) => ({ type: 'lomo', input: { file } })) }),
  });
  assert.equal(bulk.status, 202, await bulk.clone().text());
  const ids = ((await bulk.json()) as { items: { task: { id: string } }[] }).items.map((item) => item.task.id);
  assert.equal(ids.length, IMAGES);

  const started = Date.now();
  const busy: number[] = [];
  let done = 0;
  let firstRunningAt = 0;
  while (done < IMAGES && Date.now() - started < 180_000) {
    busy.push(...(await latencies(probePath, 50)));
    const list = (await (await fetch(`${base}/v1/tasks?type=lomo&limit=100`, { headers: { authorization: auth } })).json()) as { items: { status: string }[] };
    if (!firstRunningAt && list.items.some((x) => x.status !== 'queued')) firstRunningAt = Date.now();
    done = list.items.filter((x) => x.status === 'succeeded' || x.status === 'failed').length;
  }
  const seconds = (Date.now() - started) / 1000;
  const statuses = await Promise.all(ids.map(async (id) => ((await (await fetch(`${base}/v1/tasks/${id}`, { headers: { authorization: auth } })).json()) as { status: string }).status));
  assert.deepEqual([...new Set(statuses)], ['succeeded'], 'every image was filtered');
  // The API node has no runner (--no-worker): the lomo worker ran them all.
  const p99Idle = percentile(idle, 99);
  const p99Busy = percentile(busy, 99);
  t.diagnostic(
    `API GET p50/p99 idle ${percentile(idle, 50).toFixed(2)}/${p99Idle.toFixed(2)} ms (${idle.length}), while lomo ran ${percentile(busy, 50).toFixed(2)}/${p99Busy.toFixed(2)} ms (${busy.length}); ${IMAGES} images in ${seconds.toFixed(1)} s (${(IMAGES / seconds).toFixed(1)}/s) on 1 CPU thread`,
  );
  assert.ok(busy.length >= 200, `the API answered while lomo ran: ${busy.length} requests`);
});
