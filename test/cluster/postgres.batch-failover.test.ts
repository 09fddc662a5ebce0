import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterForFile, pollUntil, reportFigures } from '../helpers/cluster.ts';

// Acceptance (PostgreSQL backend): the node that accepted an asynchronous batch is killed (SIGKILL)
// while it dispatches; another node takes the batch over once its lease expired and finishes it.
// Every sub-request is executed once: the ones answered before the kill are not run again, the ones
// in flight run again with their derived Idempotency-Key and replay (`Idempotent-Replayed`).

const REQUESTS = 16;

const file = await clusterForFile({
  servers: 2,
  serversWithWorker: true,
  env: {
    OFFLOAD_BATCHES_LEASE_SECONDS: '2',
    OFFLOAD_BATCHES_POLL_INTERVAL_MS: '200',
    OFFLOAD_LIMITS_BATCH_CONCURRENCY: '2',
    OFFLOAD_LIMITS_WAIT_MAX_SECONDS: '3',
  },
});

test('kill -9 of the node dispatching a batch: another node finishes it, each sub-request executed once', { skip: file.skip, timeout: 90_000 }, async (t) => {
  const { cluster } = file;
  const [accepting, survivor] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]];
  const headers = { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json' };
  // Each sub-request is held while its task runs (half a second), two at a time: a dispatch of a
  // few seconds, long enough to kill its node in the middle.
  const requests = Array.from({ length: REQUESTS }, (_, i) => ({
    id: `r${i}`,
    method: 'POST',
    url: '/v1/tasks',
    headers: { prefer: 'wait=3' },
    body: { type: 'sleep', input: { seconds: 0.5 }, metadata: { request: i } },
  }));
  const res = await fetch(`${accepting.url}/v1/batch`, { method: 'POST', headers: { ...headers, prefer: 'respond-async' }, body: JSON.stringify({ requests }) });
  assert.equal(res.status, 202, await res.clone().text());
  const location = res.headers.get('location')!;

  const progress = async (node: typeof survivor) => {
    const r = await fetch(`${node.url}${location}`, { headers });
    assert.equal(r.status, 200);
    return (await r.json()) as { status: string; progress: { done: number; total: number }; responses: { id: string; status: number; headers: Record<string, string> }[] };
  };
  const before = await pollUntil('a few sub-requests answered', async () => {
    const doc = await progress(survivor);
    return doc.progress.done >= 4 ? doc : undefined;
  }, { timeoutMs: 30_000, intervalMs: 50 });
  assert.ok(before.progress.done < REQUESTS, `killed mid-dispatch (${before.progress.done} of ${REQUESTS} answered)`);
  const killedAt = Date.now();
  await accepting.process.kill('SIGKILL');

  const doc = await pollUntil('the batch dispatched by the surviving node', async () => {
    const d = await progress(survivor);
    return d.status === 'dispatched' || d.status === 'completed' ? d : undefined;
  }, { timeoutMs: 60_000, intervalMs: 200 });
  const tookOverMs = Date.now() - killedAt;
  assert.deepEqual(doc.responses.map((r) => r.id), requests.map((r) => r.id));
  assert.ok(doc.responses.every((r) => r.status >= 200 && r.status < 300), JSON.stringify(doc.responses.map((r) => r.status)));
  assert.ok(survivor.process.lines.some((l) => l.includes('"batch claimed"')), 'the surviving node claimed the batch');

  // Executed once: one task per sub-request.
  const { rows } = await cluster.db.query<{ request: string; n: number }>(
    `SELECT metadata->>'request' AS request, count(*)::int AS n FROM tasks GROUP BY 1`,
  );
  assert.deepEqual(rows.map((r) => [Number(r.request), r.n]).sort((x, y) => x[0]! - y[0]!), requests.map((_, i) => [i, 1]));
  const replayed = doc.responses.filter((r) => r.headers['idempotent-replayed'] === 'true').map((r) => r.id);
  assert.ok(replayed.length >= 1, 'a sub-request in flight at the kill ran again and replayed');
  reportFigures(t, 'batch failover', { answeredBeforeKill: before.progress.done, replayed, tookOverMs });
});
