import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterForFile, reportFigures, sleep } from '../helpers/cluster.ts';

// Acceptance (PostgreSQL, two API nodes): a per-second schedule produces exactly one task per tick
// over three minutes, although both nodes look for due ticks every 250 ms, and none after pause.
// OFFLOAD_TEST_SCHEDULE_SECONDS shortens the run for local iterations (default 180).

const SECONDS = Number(process.env.OFFLOAD_TEST_SCHEDULE_SECONDS ?? 180);

const file = await clusterForFile({ servers: 2, workers: 0 });

test('a */1-second schedule on two API nodes: one task per tick, none after pause', { skip: file.skip, timeout: (SECONDS + 90) * 1000 }, async (t) => {
  const created = await fetch(`${file.cluster.servers[0]!.url}/v1/schedules`, {
    method: 'POST',
    headers: { authorization: `Bearer ${file.cluster.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ cron: '*/1 * * * * *', task: { type: 'noop', input: {} } }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const schedule = (await created.json()) as { id: string; nextRunAt: string };
  const first = Date.parse(schedule.nextRunAt);

  await sleep(SECONDS * 1000);
  const paused = await fetch(`${file.cluster.servers[1]!.url}/v1/schedules/${schedule.id}/pause`, {
    method: 'POST',
    headers: { authorization: `Bearer ${file.cluster.apiKey}` },
  });
  assert.equal(paused.status, 200);
  const pausedAt = Date.parse(((await paused.json()) as { pausedAt: string }).pausedAt);
  await sleep(3000);

  const { rows } = await file.cluster.db.query<{ tick: string; n: number; nodes: string }>(
    `SELECT metadata->>'scheduledFor' AS tick, count(*)::int AS n FROM tasks
     WHERE metadata->>'scheduleId' = $1 GROUP BY 1 ORDER BY 1`,
    [schedule.id],
  );
  const ticks = rows.map((r) => Date.parse(r.tick));
  const doubled = rows.filter((r) => r.n !== 1);
  const gaps = ticks.slice(1).filter((tick, i) => tick - ticks[i]! !== 1000).length;
  const afterPause = ticks.filter((tick) => tick > pausedAt).length;
  reportFigures(t, 'schedule on two nodes', {
    seconds: SECONDS, ticks: rows.length, doubled: doubled.length, gaps, afterPause,
    firstTick: new Date(ticks[0]!).toISOString(), lastTick: new Date(ticks.at(-1)!).toISOString(),
  });
  assert.deepEqual(doubled, [], 'no tick has two tasks');
  assert.equal(ticks[0], first, 'the first tick is the one announced');
  assert.equal(gaps, 0, 'no tick is missing while both nodes ran');
  assert.equal(afterPause, 0, 'no task after pause');
  // Every tick from the first to the pause: about SECONDS of them.
  assert.equal(rows.length, (ticks.at(-1)! - ticks[0]!) / 1000 + 1);
  assert.ok(rows.length >= SECONDS - 2, `${rows.length} ticks in ${SECONDS} s`);
  const doc = await (await fetch(`${file.cluster.servers[0]!.url}/v1/schedules/${schedule.id}`, { headers: { authorization: `Bearer ${file.cluster.apiKey}` } })).json() as { ticks: number };
  assert.equal(doc.ticks, rows.length);
});
