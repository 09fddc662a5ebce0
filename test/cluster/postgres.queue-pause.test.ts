import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterForFile, mapLimit, pollUntil, reportFigures, sleep } from '../helpers/cluster.ts';

// Acceptance (PostgreSQL, two nodes each with its embedded runner): pausing a queue through one
// node stops claims on every node within a second — in fact from the next claim, since every claim
// statement reads the pauses — and resuming through the other node restarts them at once.

const file = await clusterForFile({ servers: 2, serversWithWorker: true, workers: 0 });

test('pause through one node stops claims on both; resume through the other restarts them', { skip: file.skip, timeout: 90_000 }, async (t) => {
  const [nodeA, nodeB] = file.cluster.servers;
  const call = (node: typeof nodeA, method: string, path: string, body?: unknown) =>
    fetch(`${node!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${file.cluster.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const submitMany = (n: number) =>
    mapLimit(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
      const res = await call(i % 2 ? nodeA : nodeB, 'POST', '/v1/tasks', { type: 'sleep', input: { seconds: 0 } });
      assert.equal(res.status, 202);
      return ((await res.json()) as { id: string }).id;
    });
  const started = async (ids: string[]) =>
    (await file.cluster.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND started_at IS NOT NULL', [ids])).rows[0]!.n;

  // Both runners work: tasks through both nodes run.
  const warm = await submitMany(20);
  await pollUntil('the warm-up tasks to run', async () => ((await started(warm)) === 20 ? true : undefined), { timeoutMs: 20_000 });
  const { rows: byWorker } = await file.cluster.db.query<{ n: number }>('SELECT count(DISTINCT worker_id)::int AS n FROM tasks WHERE id = ANY($1)', [warm]);

  const pausedRes = await call(nodeA, 'POST', '/v1/queues/sleep/pause');
  assert.equal(pausedRes.status, 200);
  const pausedAt = Date.now();
  const held = await submitMany(40);
  await sleep(1500);
  const heldStarted = await started(held);
  const queues = (await (await call(nodeB, 'GET', '/v1/queues')).json()) as { items: { type: string; paused: boolean; depth: { queued: number } }[] };
  const sleepQueue = queues.items.find((q) => q.type === 'sleep')!;
  assert.equal(heldStarted, 0, 'no node claimed a task of the paused queue');
  assert.equal(sleepQueue.paused, true, 'the other node reports the pause');
  assert.equal(sleepQueue.depth.queued, 40);
  const { rows: late } = await file.cluster.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND started_at > $2',
    [warm, pausedAt],
  );
  assert.equal(late[0]!.n, 0);

  const resumedAt = Date.now();
  assert.equal((await call(nodeB, 'POST', '/v1/queues/sleep/resume')).status, 200);
  await pollUntil('the held tasks to run after resume', async () => ((await started(held)) === 40 ? true : undefined), { timeoutMs: 20_000, intervalMs: 20 });
  const { rows: firstStart } = await file.cluster.db.query<{ first: number; nodes: number }>(
    'SELECT min(started_at)::float8 AS first, count(DISTINCT worker_id)::int AS nodes FROM tasks WHERE id = ANY($1)',
    [held],
  );
  reportFigures(t, 'queue pause on two nodes', {
    warmUpWorkers: byWorker[0]!.n,
    heldWhilePaused: held.length,
    startedWhilePaused: heldStarted,
    resumeToFirstStartMs: Math.round(firstStart[0]!.first - resumedAt),
    nodesAfterResume: firstStart[0]!.nodes,
  });
  assert.ok(firstStart[0]!.first - resumedAt < 1000, 'claims restart within a second of resume');
});
