import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// The reference workers of examples/ (Python 3 with the standard library only; shell with curl and
// jq) against a real `offload serve` on loopback: each drains 200 tasks submitted through the API,
// with progress, results and failures in the task documents. kill -9 of the Python worker mid-task:
// the task is retried by another worker after the lease ends, and the killed worker's late
// `complete` is answered 409.

const PYTHON_WORKER = fileURLToPath(new URL('../../examples/http-worker-python/worker.py', import.meta.url));
const SHELL_WORKER = fileURLToPath(new URL('../../examples/http-worker-shell/worker.sh', import.meta.url));

/** The parts of the API's JSON documents these tests read. */
interface Doc {
  id: string;
  status: string;
  code: string;
  progress: { percent: number; source: string };
  error: { code: string; detail: string };
  attempts: { count: number; max: number };
  result: { square: number };
  finishedAt: string;
  items: Doc[] & { task: { id: string } }[];
  kind: string;
  types: string[];
}

interface Server {
  dir: string;
  proc: OffloadProcess;
  url: string;
  tenantKey: string;
  workerKey: string;
  api(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: Doc }>;
  close(): Promise<void>;
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-http-workers-'));
  const config = join(dir, 'offload.config.json');
  await writeFile(config, JSON.stringify({
    httpTaskTypes: [
      { type: 'py-square', input: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } }, maxAttempts: 3, concurrency: 16 },
      { type: 'sh-square', input: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } }, maxAttempts: 3, concurrency: 16 },
    ],
  }));
  const base = { OFFLOAD_DATABASE: join(dir, 'offload.db'), OFFLOAD_CONFIG: config, OFFLOAD_PORT: '0', ...env };
  const created = async (args: string[]) => {
    const r = await runOffload(['keys', 'create', '--create', '--json', ...args], base);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { key: string }).key;
  };
  const tenantKey = await created(['--tenant', 'app']);
  const workerKey = await created(['--tenant', 'app', '--worker', '--types', 'py-square,sh-square']);
  const proc = spawnOffload(['serve', '--no-worker'], base);
  const started = await proc.waitForLog((e) => e.msg === 'offload node started');
  const url = String(started.api);
  return {
    dir, proc, url, tenantKey, workerKey,
    async api(method, path, body, key = tenantKey) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Doc };
    },
    async close() {
      await proc.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Worker {
  child: ChildProcess;
  lines: string[];
  waitFor(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function startWorker(command: string, args: string[], env: Record<string, string>): Worker {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(line);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const parsed = () => lines.flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });
  return {
    child,
    lines,
    waitFor(pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = parsed().find(pred);
          if (hit) {
            clearTimeout(timer);
            listeners = listeners.filter((l) => l !== check);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => reject(new Error(`worker: timed out; output:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
        listeners.push(check);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
}

async function drain(server: Server, type: string, command: string, args: string[]) {
  // 200 tasks through the API: 189 to square, 10 that fail, 1 slow one whose progress we watch.
  const tasks = Array.from({ length: 200 }, (_, i) =>
    i < 10 ? { type, input: { n: i, fail: `refused ${i}` } } : i === 10 ? { type, input: { n: 10, sleepMs: 6000 } } : { type, input: { n: i } });
  const bulk = await server.api('POST', '/v1/tasks/bulk', { tasks });
  assert.equal(bulk.status, 202, JSON.stringify(bulk.body).slice(0, 300));
  const ids = (bulk.body.items as { task: { id: string } }[]).map((i) => i.task.id);
  const worker = startWorker(command, args, {
    OFFLOAD_URL: server.url, OFFLOAD_WORKER_KEY: server.workerKey, OFFLOAD_TYPES: type, OFFLOAD_CONCURRENCY: '8',
  });
  try {
    // Progress shows in the document of the slow task while it runs.
    let sawProgress = false;
    const deadline = Date.now() + 90_000;
    let docs: Doc[] = [];
    while (Date.now() < deadline) {
      if (!sawProgress) {
        const slow = (await server.api('GET', `/v1/tasks/${ids[10]}`)).body;
        sawProgress = slow.status === 'running' && slow.progress.source === 'reported' && slow.progress.percent === 50;
      }
      const page = await server.api('GET', `/v1/tasks?type=${type}&limit=500&include=input`);
      docs = page.body.items;
      if (docs.length === 200 && docs.every((d) => ['succeeded', 'failed'].includes(d.status))) break;
      await new Promise((r) => setTimeout(r, sawProgress ? 200 : 50));
    }
    const byId = new Map(docs.map((d) => [d.id, d]));
    const succeeded = docs.filter((d) => d.status === 'succeeded');
    const failed = docs.filter((d) => d.status === 'failed');
    assert.equal(succeeded.length, 190, `succeeded ${succeeded.length}, failed ${failed.length}; worker:\n${worker.lines.slice(-10).join('\n')}`);
    assert.equal(failed.length, 10);
    for (const [i, id] of ids.entries()) {
      const d = byId.get(id)!;
      if (i < 10) {
        assert.equal(d.error.code, 'permanent-failure');
        assert.equal(d.error.detail, `refused ${i}`);
        assert.equal(d.attempts.count, 1);
      } else {
        assert.equal(d.result.square, i * i, `task ${i}`);
        assert.equal(d.progress.percent, 100);
      }
    }
    assert.ok(sawProgress, 'the slow task showed its reported progress while running');
    const listed = (await server.api('GET', '/v1/workers')).body.items as { kind: string; types: string[] }[];
    assert.ok(listed.some((w) => w.kind === 'http' && w.types.includes(type)), 'the worker is in the live worker list');
  } finally {
    await worker.kill();
  }
}

describe('reference HTTP workers (examples/)', () => {
  let server: Server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.close());

  test('the Python worker (standard library only) drains 200 tasks', async () => {
    await drain(server, 'py-square', 'python3', [PYTHON_WORKER]);
  });

  test('the shell worker (curl + jq) drains 200 tasks', async () => {
    await drain(server, 'sh-square', 'bash', [SHELL_WORKER]);
  });
});

describe('reference Python worker killed with SIGKILL mid-task', () => {
  let server: Server;
  before(async () => {
    server = await startServer({ OFFLOAD_WORKER_LEASE_SECONDS: '2', OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '200' });
  });
  after(() => server?.close());

  test('the task is retried by another worker after the lease ends; the killed worker’s late complete gets 409', async () => {
    const env = { OFFLOAD_URL: server.url, OFFLOAD_WORKER_KEY: server.workerKey, OFFLOAD_TYPES: 'py-square', OFFLOAD_CONCURRENCY: '1' };
    const submitted = await server.api('POST', '/v1/tasks', { type: 'py-square', input: { n: 9, slowFirstAttemptMs: 60_000 } });
    assert.equal(submitted.status, 202);
    const id = submitted.body.id as string;
    const first = startWorker('python3', [PYTHON_WORKER], { ...env, OFFLOAD_WORKER_ID: 'first' });
    const claimed = await first.waitFor((e) => e.msg === 'claimed' && e.taskId === id);
    const token = String(claimed.leaseToken);
    assert.equal((await server.api('GET', `/v1/tasks/${id}`)).body.status, 'running');
    await first.kill('SIGKILL');
    const killedAt = Date.now();

    const second = startWorker('python3', [PYTHON_WORKER], { ...env, OFFLOAD_WORKER_ID: 'second' });
    try {
      let doc: Doc | undefined;
      for (let i = 0; i < 300; i++) {
        doc = (await server.api('GET', `/v1/tasks/${id}`)).body;
        if (doc.status === 'succeeded' || doc.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(doc);
      assert.equal(doc.status, 'succeeded', JSON.stringify(doc));
      assert.deepEqual(doc.attempts, { count: 2, max: 3 });
      assert.deepEqual(doc.result, { square: 81, by: 'python', attempt: 2 });
      assert.ok(Date.parse(doc.finishedAt) - killedAt >= 1000, 'retried only after the lease ran out');
      const late = await server.api('POST', `/v1/leases/${token}/complete`, { result: { square: 81, by: 'the killed worker' } }, server.workerKey);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.code, 'lease-lost');
      assert.deepEqual((await server.api('GET', `/v1/tasks/${id}/result`)).body, { square: 81, by: 'python', attempt: 2 });
    } finally {
      await second.kill();
    }
  });
});
