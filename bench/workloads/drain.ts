import { preload, type Ctx, type WorkloadResult } from '../context.ts';
import { createScratch, untilFinished } from '../env.ts';
import { atLeast, ratio } from '../report.ts';
import { startWorker } from '../server.ts';

// N queued noop tasks (inserted through the store), then ONE `offload worker` process: completed
// tasks/s from the moment it reports started until the store shows all of them succeeded.
export async function drainWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const scratch = await createScratch(ctx.kind, 'drain');
  try {
    const n = ctx.profile.drainTasks;
    const pre = await preload(scratch, n, ctx.profile.phaseLimitSeconds);
    ctx.log(`drain: ${pre.inserted} tasks inserted in ${pre.seconds.toFixed(1)} s`);
    // Done when the last task in claim order has finished: one key lookup a probe, where counting
    // the table every 200 ms would compete with the worker for the same cores.
    const last = await scratch.probe.nthQueuedId(pre.inserted);
    const spawnedAt = performance.now();
    const worker = await startWorker(scratch);
    const t0 = performance.now();
    const startupSeconds = (t0 - spawnedAt) / 1000;
    try {
      await untilFinished(scratch.probe, last, ctx.profile.phaseLimitSeconds, () => {
        if (worker.child.exitCode !== null) throw new Error(`worker exited ${worker.child.exitCode}: ${worker.tail()}`);
      });
      worker.sampleRss();
    } finally {
      await worker.stop();
    }
    const wallSeconds = (performance.now() - spawnedAt) / 1000;
    const counts = await scratch.probe.counts();
    const done = (counts.succeeded ?? 0) + (counts.failed ?? 0);
    // The runner starts before the "started" line is logged, so time the drain from the rows:
    // first startedAt → last finishedAt.
    const span = await scratch.probe.span();
    const seconds = span.firstStart !== null && span.lastFinish !== null ? Math.max(1, span.lastFinish - span.firstStart) / 1000 : wallSeconds;
    const complete = done >= pre.inserted;
    const rate = done / seconds;
    // SQLite: an absolute rate; PostgreSQL: against the same run's batched-insert reference.
    const rel = ctx.store.batchedRowsPerSec ? rate / ctx.store.batchedRowsPerSec : null;
    return {
      figures: [
        {
          workload: 'drain',
          metric: 'completed tasks/s (1 worker)',
          value: rate,
          unit: '/s',
          ratio: ratio(rate, ctx.store.batchedRowsPerSec, 'store batched ref'),
          target: ctx.kind === 'sqlite' ? atLeast(rate, 45_000, '≥45k/s') : atLeast(rel, 0.4, '≥0.4× store batched ref'),
          note: `${done}/${pre.inserted} done in ${seconds.toFixed(2)} s (first start→last finish; wall incl. ${startupSeconds.toFixed(1)} s startup ${wallSeconds.toFixed(1)} s)${complete ? '' : ' (TIME LIMIT)'}${counts.failed ? `; failed ${counts.failed}` : ''}; worker RSS ${worker.peakRssMb} MB`,
        },
      ],
      raw: { preload: pre, done, seconds, wallSeconds, startupSeconds, span, counts, workerRssMb: worker.peakRssMb },
    };
  } finally {
    await scratch.drop();
  }
}
