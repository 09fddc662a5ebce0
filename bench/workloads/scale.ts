import { authHeaders, preload, SUBMIT_BODY, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch, type Scratch, untilFinished } from '../env.ts';
import type { LoadResult } from '../load.ts';
import { runLoad, writeTemp } from '../loadgen.ts';
import { atLeast, atMost, ratio, type Figure } from '../report.ts';
import { createKey, startServer, startWorker } from '../server.ts';

// The same three measurements on an empty store and on one holding N queued tasks (inserted with
// taskInsertMany): submit rate, status answers (GET of the newest, i.e. deepest-queued, tasks:
// the document carries `position`), claim rate of one worker, and the server's peak RSS.

const CLAIM_ROUNDS = 2;

interface Case {
  queued: number;
  preloadSeconds: number;
  submitPerSec: number;
  statusP50: number | null;
  statusP99: number | null;
  statusErrors: number;
  statusPerSec: number;
  claimPerSec: number;
  claimed: number;
  claimSeconds: number;
  /** Each round's rate; the best is claimPerSec. */
  claimRounds: number[];
  serverRssMb: number | null;
}

/** The empty store has no task to ask about yet: submit a few through the store first. */
async function preloadIds(scratch: Scratch): Promise<string[]> {
  await preload(scratch, 200, 30);
  return scratch.probe.newestIds(200);
}

async function runCase(ctx: Ctx, n: number): Promise<Case> {
  const scratch = await createScratch(ctx.kind, n ? 'scale' : 'scale0');
  try {
    const pre = n ? await preload(scratch, n, ctx.profile.phaseLimitSeconds) : { inserted: 0, seconds: 0 };
    if (n) ctx.log(`scale: ${pre.inserted} tasks inserted in ${pre.seconds.toFixed(1)} s`);
    const key = await createKey(scratch);
    const server = await startServer(scratch, { worker: false });
    const rssTimer = setInterval(() => server.sampleRss(), 250);
    const secs = ctx.profile.loadSeconds;
    const base = { url: server.url, headers: authHeaders(key), connections: ctx.profile.connections };
    let submit: LoadResult;
    let status: LoadResult;
    try {
      // Status first, on a quiet server: after a 50-connection submit load a slow server still
      // works through the requests left in flight, and the GETs would queue behind them.
      // The newest tasks (last in the queue) are the ones whose position costs the most.
      const ids = n ? await scratch.probe.newestIds(200) : await preloadIds(scratch);
      status = await runLoad({
        ...base,
        connections: 1, // the answer's own latency, not a queue of requests
        method: 'GET',
        path: '/v1/tasks/x',
        pathPrefix: '/v1/tasks/',
        idsFile: writeTemp('scale-ids.json', ids),
        duration: secs,
        maxSeconds: secs + 10,
      });
      await runLoad({ ...base, method: 'POST', path: '/v1/tasks', body: SUBMIT_BODY, duration: 1, maxSeconds: 11 });
      submit = await runLoad({ ...base, method: 'POST', path: '/v1/tasks', body: SUBMIT_BODY, duration: secs, maxSeconds: secs + 10 });
      server.sampleRss();
    } finally {
      clearInterval(rssTimer);
      await server.stop();
    }
    // Claim: CLAIM_ROUNDS times, a fresh worker runs until `scaleClaims` more tasks completed (the
    // empty case gets exactly enough queued first, so both cases time the same number of claims),
    // bounded by time. Each round is timed from its rows (first startedAt → last finishedAt: the
    // runner starts before its "started" line); the best round counts, as one round is a short
    // measurement on a shared machine.
    const target = ctx.profile.scaleClaims;
    const queuedBefore = (await scratch.probe.counts()).queued ?? 0;
    if (queuedBefore < target * CLAIM_ROUNDS) await preload(scratch, target * CLAIM_ROUNDS - queuedBefore, ctx.profile.phaseLimitSeconds);
    const rounds: { rate: number; finished: number; seconds: number }[] = [];
    for (let round = 1; round <= CLAIM_ROUNDS; round++) {
      // Done when the round's target-th task in claim order has finished (one key lookup a probe).
      const last = await scratch.probe.nthQueuedId(target);
      const since = Date.now();
      const worker = await startWorker(scratch);
      const t0 = performance.now();
      try {
        await untilFinished(scratch.probe, last, ctx.profile.phaseLimitSeconds);
      } finally {
        await worker.stop();
      }
      const span = await scratch.probe.span(since);
      const wall = (performance.now() - t0) / 1000;
      const seconds = span.firstStart !== null && span.lastFinish !== null ? Math.max(1, span.lastFinish - span.firstStart) / 1000 : wall;
      rounds.push({ rate: span.finished / seconds, finished: span.finished, seconds });
    }
    const best = rounds.reduce((a, b) => (b.rate > a.rate ? b : a));
    return {
      queued: pre.inserted,
      preloadSeconds: pre.seconds,
      submitPerSec: (submit.status['202'] ?? 0) / submit.duration,
      // No answer at all within the load's time is not "0 ms".
      statusP50: status.ok2xx > 0 ? status.latency.p50 : null,
      statusP99: status.ok2xx > 0 ? status.latency.p99 : null,
      statusErrors: status.errors + status.timeouts,
      statusPerSec: status.ok2xx / status.duration,
      claimPerSec: best.rate,
      claimed: best.finished,
      claimSeconds: best.seconds,
      claimRounds: rounds.map((r) => Math.round(r.rate)),
      serverRssMb: server.peakRssMb,
    };
  } finally {
    await scratch.drop();
  }
}

export async function scaleWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const empty = await runCase(ctx, 0);
  ctx.log(`scale: empty store: submit ${empty.submitPerSec.toFixed(0)}/s, claim ${empty.claimPerSec.toFixed(0)}/s, status p50 ${empty.statusP50} ms`);
  const full = await runCase(ctx, ctx.profile.scaleTasks);
  const label = `${Math.round(full.queued / 1000)}k queued`;
  const submitRel = empty.submitPerSec ? full.submitPerSec / empty.submitPerSec : null;
  const claimRel = empty.claimPerSec ? full.claimPerSec / empty.claimPerSec : null;
  const figures: Figure[] = [
    {
      workload: `scale ${label}`,
      metric: 'submit tasks/s',
      value: full.submitPerSec,
      unit: '/s',
      ratio: ratio(full.submitPerSec, empty.submitPerSec, 'empty store'),
      target: atLeast(submitRel, 0.8, '≥0.8× empty'),
      note: `empty ${empty.submitPerSec.toFixed(0)}/s`,
    },
    {
      workload: `scale ${label}`,
      metric: 'claim (completed) tasks/s',
      value: full.claimPerSec,
      unit: '/s',
      ratio: ratio(full.claimPerSec, empty.claimPerSec, 'empty store'),
      target: atLeast(claimRel, 0.8, '≥0.8× empty'),
      note: `best of ${CLAIM_ROUNDS} rounds of ${ctx.profile.scaleClaims} (${full.claimRounds.join(', ')}/s); empty ${empty.claimPerSec.toFixed(0)}/s (${empty.claimRounds.join(', ')}/s)`,
    },
    {
      workload: `scale ${label}`,
      metric: 'status GET p50 (position)',
      value: full.statusP50,
      unit: 'ms',
      ratio: ratio(full.statusP50, empty.statusP50, 'empty store'),
      target: atMost(full.statusP50, 5, '<5 ms'),
      note: `p99 ${full.statusP99 ?? '—'} ms, ${full.statusPerSec.toFixed(1)} req/s (1 conn)${full.statusErrors ? `, ${full.statusErrors} errors/timeouts` : ''}; empty p50 ${empty.statusP50} ms`,
    },
    {
      workload: `scale ${label}`,
      metric: 'server peak RSS',
      value: full.serverRssMb,
      unit: 'MB',
      ratio: ratio(full.serverRssMb, empty.serverRssMb, 'empty store'),
      target: atMost(full.serverRssMb, 200, '<200 MB'),
      note: `empty ${empty.serverRssMb} MB; preload ${full.preloadSeconds.toFixed(1)} s`,
    },
  ];
  return { figures, raw: { empty, full } };
}
