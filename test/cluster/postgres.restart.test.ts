import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OffloadError, type OffloadClient } from '../../src/client/offload-client.ts';
import { clusterForFile, pollUntil, reportFigures, sleep, untilAllTasksFinished } from '../helpers/cluster.ts';

// Acceptance (PostgreSQL backend): the database goes away mid-run and comes back. Simulated without
// restarting the shared server (other test files use it): every connection to this file's own
// database is terminated, repeatedly, for OUTAGE_MS — the same errors a restart gives
// (57P01 admin_shutdown, dropped sockets, the LISTEN connection lost). Submissions that fail are
// retried by the client with the same Idempotency-Key until acknowledged. The nodes must survive,
// /readyz must be 200 afterwards, every acknowledged task must succeed, one task per key.

const TASKS = 300;
const SUBMIT_EVERY_MS = 33; // ≈ 10 s of submissions
const OUTAGE_AT_MS = 3_000;
const OUTAGE_MS = 3_000;
// A submission that did not commit leaves no record of its Idempotency-Key (src/operations/idempotency.ts):
// its retry runs at once. One that committed but could not finish its record replays after its wait + 10 s.
const WAIT_MAX_SECONDS = 5;
const RETRY_BUDGET_MS = 50_000;

const file = await clusterForFile({
  servers: 1,
  workers: 1,
  env: { OFFLOAD_WORKER_LEASE_SECONDS: '3', OFFLOAD_LIMITS_WAIT_MAX_SECONDS: String(WAIT_MAX_SECONDS) },
});

test('the database drops every connection mid-run: nodes survive, retried submissions land once, every task succeeds', { skip: file.skip, timeout: 88_000 }, async (t) => {
  const { cluster } = file;
  const api = cluster.servers[0]!;
  const client = api.client as OffloadClient;
  const started = Date.now();
  const errorsByKind = new Map<string, number>();
  const count = (kind: string) => errorsByKind.set(kind, (errorsByKind.get(kind) ?? 0) + 1);

  // /readyz, sampled all along.
  const readyz: { at: number; status: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    // Stops when the test ends, whatever way it ends (see the finally below), or after 80 s.
    while (sampling && Date.now() - started < 80_000) {
      const at = Date.now() - started;
      try {
        const res = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        readyz.push({ at, status: res.status });
      } catch {
        readyz.push({ at, status: 0 });
      }
      await sleep(100);
    }
  })();

  // The outage: terminate every connection to the test database, again and again.
  let outage = { from: 0, to: 0, terminated: 0 };
  const disturber = (async () => {
    await sleep(OUTAGE_AT_MS);
    const from = Date.now() - started;
    let terminated = 0;
    while (Date.now() - started < from + OUTAGE_MS) {
      terminated += await cluster.db.terminateConnections();
      await sleep(50);
    }
    outage = { from, to: Date.now() - started, terminated };
  })();

  try {
    const acknowledged = new Map<string, string>(); // idempotency key → task id
    const attemptsPerKey: number[] = [];
    const submitWithRetry = async (key: string) => {
      const deadline = Date.now() + RETRY_BUDGET_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          const { status, task } = await client.submit(
            { type: 'sleep', input: { seconds: 0.02 }, metadata: { key } },
            { idempotencyKey: key, prefer: 'async' },
          );
          assert.ok(status === 202 || status === 200 || status === 201, `submit answered ${status}`);
          acknowledged.set(key, task.id);
          attemptsPerKey.push(attempt);
          return;
        } catch (err) {
          const status = err instanceof OffloadError ? err.status : 0;
          count(err instanceof OffloadError ? `${status} ${err.problem.code ?? err.problem.title}` : `network: ${(err as Error).message}`);
          // A client error other than a conflict would be a bug in the test, not an outage.
          if (status >= 400 && status < 500 && status !== 409 && status !== 429) throw err;
          if (!api.alive()) throw new Error(`submission ${key}: the API node died`, { cause: err });
        if (Date.now() > deadline) throw new Error(`submission ${key} not acknowledged within ${RETRY_BUDGET_MS} ms`, { cause: err });
          await sleep(200);
        }
      }
    };

    const submissions: Promise<void>[] = [];
    for (let i = 0; i < TASKS; i++) {
      const submission = submitWithRetry(`restart-${i}`);
      submission.catch(() => {}); // settled below with allSettled; not an unhandled rejection meanwhile
      submissions.push(submission);
      if (!api.alive()) break;
      await sleep(SUBMIT_EVERY_MS);
    }
    const results = await Promise.allSettled(submissions);
    await disturber;
    const submittedMs = Date.now() - started;

    await untilAllTasksFinished(cluster.db, 20_000);
    const doneMs = Date.now() - started;
    const dead = [api, cluster.workers[0]!].filter((node) => !node.alive());
    assert.deepEqual(
      dead.map(
        (node) =>
          `${node.url ? 'API node' : 'worker'} died (exit ${node.process.child.exitCode ?? node.process.child.signalCode}); last output:\n` +
          node.process.lines
            .slice(-40)
            .map((l) => l.slice(0, 300))
            .join('\n'),
      ),
      [],
      'every node survived the outage',
    );
    // Ready again (the LISTEN connection reconnects with backoff).
    await pollUntil('/readyz to answer 200', async () => ((await fetch(`${api.url}/readyz`)).status === 200 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 100,
    });
    sampling = false;
    await sampler;

    const { rows: stored } = await cluster.db.query<{ id: string; key: string; status: string; attempts: number }>(
      `SELECT id, metadata->>'key' AS key, status, attempts FROM tasks`,
    );
    const { rows: duplicates } = await cluster.db.query<{ key: string; n: number }>(
      `SELECT metadata->>'key' AS key, count(*)::int AS n FROM tasks GROUP BY 1 HAVING count(*) > 1`,
    );
    const during = readyz.filter((r) => r.at >= outage.from && r.at <= outage.to + 500);
    const statusCounts = (rows: { status: number }[]) =>
      Object.fromEntries([...new Set(rows.map((r) => r.status))].map((s) => [s, rows.filter((r) => r.status === s).length]));
    const summary = {
      submitted: TASKS,
      acknowledged: acknowledged.size,
      notAcknowledged: results.filter((r) => r.status === 'rejected').length,
      retriedSubmissions: attemptsPerKey.filter((a) => a > 1).length,
      maxAttemptsForOneSubmission: Math.max(...attemptsPerKey),
      submitErrors: Object.fromEntries(errorsByKind),
      outageMs: [outage.from, outage.to],
      connectionsTerminated: outage.terminated,
      readyzDuringOutage: statusCounts(during),
      readyzAll: statusCounts(readyz),
      readyAgainAfterOutageMs: (readyz.find((r) => r.at > outage.to && r.status === 200)?.at ?? Number.NaN) - outage.to,
      stored: stored.length,
      storedByStatus: Object.fromEntries([...new Set(stored.map((r) => r.status))].map((s) => [s, stored.filter((r) => r.status === s).length])),
      retriedAttempts: stored.filter((r) => r.attempts > 1).length,
      submitMs: submittedMs,
      allDoneMs: doneMs,
    };
    reportFigures(t, 'restart', summary);

    assert.ok(outage.terminated > 0, 'the outage terminated the nodes\' connections');
    assert.ok(api.alive(), 'the API node survived the outage');
    assert.ok(cluster.workers[0]!.alive(), 'the worker survived the outage');
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
    assert.deepEqual(failures, [], 'every submission was acknowledged after retries');
    assert.equal(acknowledged.size, TASKS);
    assert.deepEqual(duplicates, [], 'one task per idempotency key');
    assert.equal(stored.length, TASKS, 'nothing lost, nothing extra');
    const byKey = new Map(stored.map((r) => [r.key, r]));
    for (const [key, id] of acknowledged) {
      const row = byKey.get(key);
      assert.equal(row?.id, id, `the acknowledged id for ${key} is the stored task`);
      assert.equal(row?.status, 'succeeded', `task for ${key} succeeded`);
    }
    if (!during.some((r) => r.status === 503)) t.diagnostic('/readyz never answered 503 during the outage (not observed)');
    for (const r of during) assert.ok(r.status === 200 || r.status === 503, `/readyz answered ${r.status} during the outage (200 or 503 only)`);
  } finally {
    sampling = false;
  }
});
