import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { tempDatabase } from '../helpers/backend.ts';
import { type Receiver, startReceiver, until } from './receiver.ts';

// A whole `offload serve` node (API + runner + dispatcher, real HTTP on 127.0.0.1): task.progress
// reaches only the endpoint that opted in (throttled, signed), never an unfiltered endpoint or the
// callbackUrl; and offload_webhook_deliveries_total{outcome} counts the node's attempts.

const dir = mkdtempSync(join(tmpdir(), 'offload-wh-node-'));
let node: RunningNode;
let receiver: Receiver;
let auth: Record<string, string>;
let database: Awaited<ReturnType<typeof tempDatabase>> | undefined;
before(async () => {
  receiver = await startReceiver();
  database = await tempDatabase();
  const config: Config = structuredClone(DEFAULTS);
  config.database = database.database;
  config.port = 0;
  config.logLevel = 'silent';
  config.worker.pollIntervalMs = 50;
  config.webhooks = { ...config.webhooks, allow: ['127.0.0.0/8'], scheduleSeconds: [0.05, 0.05], progressIntervalSeconds: 0.5 };
  node = await startNode({ config, api: true, worker: true, cwd: dir });
  auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'tenant-node' })).key}`, 'content-type': 'application/json' };
});
after(async () => {
  await node?.stop();
  await receiver.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${node.url}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: ((res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : { text }) as Record<string, string> };
};

test('task.progress is opt-in and throttled; metrics count delivery attempts by outcome', async () => {
  const optIn = await call('POST', '/v1/webhook-endpoints', { url: `${receiver.url}/progress`, eventTypes: ['task.progress', 'task.succeeded'] });
  assert.equal(optIn.status, 201, JSON.stringify(optIn.body));
  const all = await call('POST', '/v1/webhook-endpoints', { url: `${receiver.url}/all` });
  assert.equal(all.status, 201);
  const cbSecret = (await call('POST', '/v1/webhook-callback-secret', {})).body.secret!;
  const secrets: Record<string, string> = { '/progress': optIn.body.secret!, '/all': all.body.secret!, '/cb': cbSecret };

  const submitted = await call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 2 }, callbackUrl: `${receiver.url}/cb` });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  const id = submitted.body.id!;
  const types = (path: string) =>
    receiver.requests.filter((r) => r.url === path).map((r) => (JSON.parse(r.body) as { type: string }).type);
  await until(() => types('/progress').includes('task.succeeded') && types('/all').includes('task.succeeded') && types('/cb').includes('task.succeeded'), 20_000, 'succeeded everywhere');
  await new Promise((r) => setTimeout(r, 300));

  for (const r of receiver.requests) new Webhook(secrets[r.url]!).verify(r.body, r.headers);
  assert.deepEqual(types('/all'), ['task.started', 'task.succeeded'], 'no progress without opting in');
  assert.deepEqual(types('/cb'), ['task.started', 'task.succeeded'], 'no progress to the callbackUrl');
  const progress = receiver.requests.filter((r) => r.url === '/progress' && (JSON.parse(r.body) as { type: string }).type === 'task.progress');
  // ~20 progress reports in 2 s, at most one event per 0.5 s (plus scheduling slack).
  assert.ok(progress.length >= 2 && progress.length <= 6, `progress events: ${progress.length}`);
  const percents = progress.map((r) => (JSON.parse(r.body) as { data: { task: { id: string; status: string; progress: { percent: number } } } }).data.task);
  for (const t of percents) {
    assert.equal(t.id, id);
    assert.equal(t.status, 'running');
  }
  const values = percents.map((t) => t.progress.percent);
  assert.deepEqual([...values].sort((a, b) => a - b), values, 'in order');
  assert.equal(types('/progress').at(-1), 'task.succeeded');
  assert.equal(types('/progress').includes('task.started'), false, 'the filter holds');

  const metrics = await fetch(`${node.url}/metrics`).then((r) => r.text());
  const delivered = /offload_webhook_deliveries_total\{outcome="delivered"\} (\d+)/.exec(metrics);
  assert.ok(delivered, metrics.split('\n').filter((l) => l.includes('webhook')).join('\n'));
  assert.equal(Number(delivered[1]), receiver.requests.length);
});
