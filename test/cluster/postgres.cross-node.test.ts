import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OffloadClient, TaskDocument } from '../../src/client/offload-client.ts';
import { type ClusterNode, clusterForFile, pollUntil, reportFigures } from '../helpers/cluster.ts';

// Acceptance (PostgreSQL backend, multi-node): what one API node sees and does reaches every other
// process at once — through LISTEN/NOTIFY, not through polling. Two API nodes (A, C) without
// workers and, from the second test on, one worker B.
//
// The nodes poll only every POLL_MS here, so "through NOTIFY" is told from "by the next poll" with
// a bound of half that: room for a busy machine, and still a behaviour, not a latency target (the
// figures are printed; the bench measures latency).

const POLL_MS = 5_000;
const CANCEL_BOUND_MS = POLL_MS / 2;
const LONG_POLL_LAG_BOUND_MS = POLL_MS / 2;

let nodeA: ClusterNode;
let nodeC: ClusterNode;
let a: OffloadClient;
let c: OffloadClient;
let worker: ClusterNode | null = null;

const file = await clusterForFile({ servers: 2, workers: 0, env: { OFFLOAD_WORKER_POLL_INTERVAL_MS: String(POLL_MS) } }, (cluster) => {
  [nodeA, nodeC] = cluster.servers as [ClusterNode, ClusterNode];
  a = nodeA.client as OffloadClient;
  c = nodeC.client as OffloadClient;
});
const { skip } = file;

async function row(id: string) {
  const { rows } = await file.cluster.db.query<{ status: string; worker_id: string | null; finished_at: number | null }>(
    'SELECT status, worker_id, finished_at::float8 AS finished_at FROM tasks WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

test('position is global: tasks submitted through both API nodes count', { skip, timeout: 60_000 }, async (t) => {
  // No worker yet, so everything stays queued.
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const { task } = await (i % 2 === 0 ? a : c).submit({ type: 'noop', input: { i } }, { prefer: 'async' });
    ids.push(task.id);
  }
  const positions = await Promise.all(ids.map((id, i) => (i % 2 === 0 ? c : a).get(id).then((d) => d.position)));
  t.diagnostic(`positions read across nodes: ${JSON.stringify(positions)}`);
  // `position` = runnable tasks ahead: 0 for the first, 5 for the sixth, whoever took them.
  assert.deepEqual(positions, [0, 1, 2, 3, 4, 5]);
  assert.equal((await a.get(ids[5]!)).position, (await c.get(ids[5]!)).position, 'both nodes report the same position');

  worker = await file.cluster.startNode('worker');
  await pollUntil(
    'the queued noops to run on the new worker',
    async () => {
      const docs = await Promise.all(ids.map((id) => a.get(id)));
      return docs.every((d) => d.status === 'succeeded') ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
});

test('a cancel sent to API node A aborts the sleep running on worker B through NOTIFY, before any poll', { skip, timeout: 60_000 }, async (t) => {
  assert.ok(worker, 'the worker from the first test is running');
  const { task } = await a.submit({ type: 'sleep', input: { seconds: 30 } }, { prefer: 'async' });
  await pollUntil(
    'the sleep to run on worker B',
    async () => {
      const r = await row(task.id);
      return r.status === 'running' && r.worker_id === worker!.nodeId ? true : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 25 },
  );
  const sentAt = Date.now();
  const answer = await a.cancel(task.id);
  const answeredMs = Date.now() - sentAt;
  const canceledMs = await pollUntil(
    'the task to end canceled',
    async () => ((await row(task.id)).status === 'canceled' ? Date.now() - sentAt : undefined),
    { timeoutMs: 15_000, intervalMs: 10 },
  );
  const doc = await c.get(task.id);
  const summary = { cancelAnswerStatus: answer.status, cancelAnsweredMs: answeredMs, canceledMs, finalStatus: doc.status, error: doc.error?.code };
  reportFigures(t, 'cross-node cancel', summary);
  assert.equal(doc.status, 'canceled');
  assert.ok(canceledMs <= CANCEL_BOUND_MS, `canceled ${canceledMs} ms after the request (bound ${CANCEL_BOUND_MS} ms)`);
});

test('a long-poll GET (Prefer: wait=10) on node A answers as soon as worker B finishes the task', { skip, timeout: 60_000 }, async (t) => {
  assert.ok(worker, 'the worker from the first test is running');
  const { task } = await c.submit({ type: 'sleep', input: { seconds: 1.5 } }, { prefer: 'async' });
  const polls: { status: number; heldMs: number; taskStatus?: string }[] = [];
  let etag: string | null = null;
  let last: TaskDocument | null = null;
  let answeredAt = 0;
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    const headers: Record<string, string> = { authorization: `Bearer ${file.cluster.apiKey}`, prefer: 'wait=10' };
    if (etag) headers['if-none-match'] = etag;
    const t0 = Date.now();
    const res = await fetch(`${nodeA.url}/v1/tasks/${task.id}`, { headers });
    answeredAt = Date.now();
    if (res.status === 200) {
      etag = res.headers.get('etag');
      last = (await res.json()) as TaskDocument;
      polls.push({ status: 200, heldMs: answeredAt - t0, taskStatus: last.status });
      if (last.status === 'succeeded' || last.status === 'failed' || last.status === 'canceled') break;
    } else {
      await res.arrayBuffer();
      polls.push({ status: res.status, heldMs: answeredAt - t0 });
    }
  }
  assert.ok(last, 'got a document');
  assert.equal(last.status, 'succeeded');
  const finishedAt = Date.parse(last.finishedAt!);
  const lagMs = answeredAt - finishedAt;
  const summary = { requests: polls.length, lagAfterFinishMs: lagMs, totalMs: answeredAt - started, polls: polls.slice(-5) };
  reportFigures(t, 'cross-node long-poll', summary);
  assert.ok(lagMs <= LONG_POLL_LAG_BOUND_MS, `the long-poll answered ${lagMs} ms after the task finished (bound ${LONG_POLL_LAG_BOUND_MS} ms)`);
  assert.ok(polls.every((p) => p.heldMs < 9_500), 'no request waited out its 10 s: each answered on a change');
});
