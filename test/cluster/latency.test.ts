import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { OffloadClient, TaskDocument } from '../../src/client/offload-client.ts';
import { type ClusterNode, createKey, createTestDatabase, percentile, pollUntil, postgresSkipReason, sleep, spawnNode, type TestDatabase } from '../helpers/cluster.ts';

// A measurement, not a timed assertion: submit-to-start latency (startedAt − createdAt of the task
// documents, ms precision) for one `offload serve` with its embedded worker, on SQLite and on
// PostgreSQL, default settings. 200 noop tasks submitted one after the other at about 50/s.
// It prints p50/p99/max per backend; it asserts only that every task succeeded.

const TASKS = 200;
const EVERY_MS = 20;

const skip = await postgresSkipReason();
const nodes: ClusterNode[] = [];
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  await Promise.all(nodes.map((n) => n.process.kill('SIGKILL').catch(() => null)));
  for (const cleanup of cleanups) await cleanup().catch(() => {});
});

async function measure(t: { diagnostic(msg: string): void }, backend: string, database: string) {
  const env = { OFFLOAD_DATABASE: database };
  const apiKey = await createKey(env, `lat${randomBytes(3).toString('hex')}`);
  const node = await spawnNode('serve', env, { apiKey, onSpawn: (n) => nodes.push(n) });
  const client = node.client as OffloadClient;

  const ids: string[] = [];
  const began = Date.now();
  for (let i = 0; i < TASKS; i++) {
    const due = began + i * EVERY_MS;
    if (due > Date.now()) await sleep(due - Date.now());
    const { task } = await client.submit({ type: 'noop', input: { i } }, { prefer: 'async' });
    ids.push(task.id);
  }
  const submitSeconds = (Date.now() - began) / 1000;
  let docs: TaskDocument[] = [];
  await pollUntil(
    `${backend}: every task to finish`,
    async () => {
      docs = await Promise.all(ids.map((id) => client.get(id)));
      return docs.every((d) => d.status === 'succeeded' || d.status === 'failed' || d.status === 'canceled') ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  const latencies = docs.map((d) => Date.parse(d.startedAt!) - Date.parse(d.createdAt));
  const figures = {
    backend,
    tasks: TASKS,
    submitRatePerSecond: Math.round(TASKS / submitSeconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    minMs: Math.min(...latencies),
  };
  t.diagnostic(`submit-to-start latency: ${JSON.stringify(figures)}`);
  console.log('latency:', figures);
  assert.deepEqual(
    docs.filter((d) => d.status !== 'succeeded').map((d) => `${d.id}: ${d.status}`),
    [],
    'every task succeeded',
  );
  await node.process.kill('SIGKILL');
}

test('submit-to-start latency, SQLite, one serve with embedded worker', { timeout: 80_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-latency-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await measure(t, 'sqlite', join(dir, 'offload.db'));
});

test('submit-to-start latency, PostgreSQL, one serve with embedded worker', { skip, timeout: 80_000 }, async (t) => {
  const db: TestDatabase = await createTestDatabase();
  cleanups.push(() => db.drop());
  await measure(t, 'postgres', db.url);
});
