import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OffloadClient } from '../../src/client/offload-client.ts';
import { type OffloadProcess, spawnOffload } from '../helpers/offload-process.ts';
import { runCli, shown } from './cli-process.ts';

// `offload worker --metrics-port` serves the ops routes (/healthz, /readyz, /metrics) of the API
// from the worker process, with the worker's own metrics object, so Prometheus can scrape workers.

let dir: string;
let env: Record<string, string>;
const processes: OffloadProcess[] = [];

async function startWorker(args: string[], extraEnv: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const worker = spawnOffload(['worker', ...args], { ...env, ...extraEnv });
  processes.push(worker);
  return worker.waitForLog((e) => e.msg === 'offload node started');
}

describe('offload worker --metrics-port', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-worker-metrics-'));
    env = { OFFLOAD_DATABASE: join(dir, 'offload.db'), OFFLOAD_WORKER_POLL_INTERVAL_MS: '50' };
    const migrated = await runCli(['migrate'], { env });
    assert.equal(migrated.code, 0, shown(migrated));
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  });

  test('serves /healthz, /readyz and /metrics (queue depth from the shared store, its own HTTP counter)', async () => {
    const created = await runCli(['keys', 'create', '--tenant', 'm', '--json'], { env });
    assert.equal(created.code, 0, shown(created));
    const server = spawnOffload(['serve', '--port', '0', '--no-worker'], env);
    processes.push(server);
    const api = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
    const client = new OffloadClient({ baseUrl: api, apiKey: (JSON.parse(created.stdout) as { key: string }).key });
    await client.submit({ type: 'sleep', input: { seconds: 1 }, delaySeconds: 3600 }, { prefer: 'async' });

    const started = await startWorker(['--metrics-port', '0']);
    assert.equal(typeof started.metrics, 'string', `the worker logged no metrics URL: ${JSON.stringify(started)}`);
    const base = String(started.metrics);
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(base, api);

    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200, await ready.clone().text());
    assert.equal(((await ready.json()) as { status: string }).status, 'ok');

    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(String(metrics.headers.get('content-type')), /^text\/plain/);
    const text = await metrics.text();
    assert.match(text, /^offload_tasks\{type="sleep",status="(queued|pending)"\} 1$/m);
    assert.match(text, /^offload_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
    assert.match(text, /^# TYPE offload_webhook_deliveries_total counter$/m);
    assert.match(text, /^process_cpu_user_seconds_total /m);

    // No /v1 and no docs here: only the operations routes.
    assert.equal((await fetch(`${base}/v1/tasks`)).status, 404);
  });

  test('OFFLOAD_WORKER_METRICS_PORT does the same; without either the worker listens nowhere', async () => {
    const fromEnv = await startWorker([], { OFFLOAD_WORKER_METRICS_PORT: '0' });
    assert.equal((await fetch(`${String(fromEnv.metrics)}/healthz`)).status, 200);
    const none = await startWorker([]);
    assert.equal(none.metrics, null);
  });

  test('a metrics port in use is a one-line start failure', async () => {
    const first = await startWorker(['--metrics-port', '0']);
    const port = new URL(String(first.metrics)).port;
    const run = await runCli(['worker', '--metrics-port', port], { env });
    assert.equal(run.code, 1, shown(run));
    assert.deepEqual(run.stderr.trim().split('\n'), [
      `offload: cannot listen on 127.0.0.1:${port} (metrics): the address is in use (EADDRINUSE); choose another --metrics-port`,
    ]);
  });
});
