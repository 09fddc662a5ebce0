import type { Config } from '../config/defaults.ts';
import type { FileStorage } from '../files/file-storage.ts';
import type { ClaimedTask, Store } from '../store/store.ts';
import { createClaimWindow } from './claim-window.ts';
import { type CpuPool, createCpuPool } from './cpu-pool.ts';
import { createExecutor, type Executor, type ExecutorDeps, type Logger } from './executor.ts';
import type { TaskRegistry } from './task-registry.ts';
import { tenantLimitOf } from './tenant-limit.ts';

// The claim loop. It claims only when it has capacity (globally and per type), wakes on the
// store's "task available" event and on a poll timer (SQLite across processes has no events),
// and claims again as soon as a handler frees a slot. Claims never overlap, so a burst of
// wake-ups costs one query, not one per event.
//
// A slot is a running handler: it frees when the handler settles, while its outcome is still being
// written, so the next claim overlaps those writes instead of waiting for them (on PostgreSQL a
// claim and a completion are two round trips on two connections). Attempts whose outcome is being
// written still count against a second bound, 2 × concurrency in all, so a slow store cannot pile
// up unwritten outcomes.
//
// For short handlers the runner also claims ahead of its free slots (claim-window.ts): those tasks
// wait here, leased, and start as slots free, so a freed slot costs no claim. One that has waited
// half its lease is released instead (it would have to be renewed before it started), and on
// shutdown every waiting task is released at once.

export interface RunnerDeps {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'worker' | 'tasks' | 'limits' | 'retention'>;
  logger: Logger;
  workerId: string;
  /** For `cpu: true` types; created (and closed on stop) by the runner when not given. */
  cpuPool?: CpuPool;
  /** See ExecutorDeps.abandonGraceMs. */
  abandonGraceMs?: number;
  /** See ExecutorDeps.onAttemptRecorded. */
  onAttemptRecorded?: ExecutorDeps['onAttemptRecorded'];
  /** The file store behind `ctx.files`. */
  files?: FileStorage;
  /** Claim only these types (`offload worker --types`); default: every registered type. */
  types?: readonly string[];
}

export interface Runner {
  start(): void;
  /** Stops claiming, lets attempts finish within shutdownGraceSeconds, then aborts and releases the rest. */
  stop(): Promise<void>;
  running(): number;
}

export function createRunner(deps: RunnerDeps): Runner {
  const { store, registry, config, logger, workerId } = deps;
  // Types served only by HTTP workers have no code here: never claim them; `--types` narrows further.
  const local = registry.localTypes();
  const types = deps.types && deps.types.length > 0 ? local.filter((t) => deps.types!.includes(t)) : local;
  const needsPool = !deps.cpuPool && types.some((t) => registry.get(t)?.cpu);
  const cpuPool = deps.cpuPool ?? (needsPool ? createCpuPool({ size: config.worker.cpuThreads }) : undefined);
  const executor: Executor = createExecutor({
    store,
    registry,
    config,
    logger,
    cpuPool,
    abandonGraceMs: deps.abandonGraceMs,
    onAttemptRecorded: deps.onAttemptRecorded,
    files: deps.files,
  });
  const tenantLimit = tenantLimitOf(config.worker);
  const { concurrency } = config.worker;
  const leaseMs = config.worker.leaseSeconds * 1000;
  const window = createClaimWindow(config.worker.prefetch);
  const limitOf = (type: string) => registry.get(type)?.concurrency ?? config.worker.typeConcurrency;
  /** Running handlers of each type; and running + waiting (claimed ahead) of each type. */
  const perTypeRunning = new Map<string, number>();
  const perTypeHeld = new Map<string, number>();
  const add = (m: Map<string, number>, type: string, d: number) => m.set(type, (m.get(type) ?? 0) + d);
  /** Claimed ahead of a free slot, in claim order, with when they were claimed. */
  let waiting: { claimed: ClaimedTask; at: number }[] = [];
  const inFlight = new Set<Promise<void>>();
  /** Handlers running (the slots), and attempts in flight including those writing their outcome. */
  let handlers = 0;
  let total = 0;
  let started = false;
  let stopping = false;
  let claiming: Promise<void> | null = null;
  let wakeAgain = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  const aheadOf = (type: string) => window.ahead(type, Math.min(limitOf(type), concurrency));
  const aheadMax = () => types.reduce((max, type) => Math.max(max, aheadOf(type)), 0);
  const capacity = () => {
    const perType: Record<string, number> = {};
    for (const type of types) {
      const left = limitOf(type) + aheadOf(type) - (perTypeHeld.get(type) ?? 0);
      if (left > 0) perType[type] = left;
    }
    const ahead = aheadMax();
    const free = Math.min(concurrency + ahead - handlers - waiting.length, 2 * concurrency + ahead - total - waiting.length);
    // With tasks waiting, claim again once half of them have started, not for every freed slot.
    const due = free > 0 && waiting.length <= ahead / 2;
    return { free, perType, due };
  };

  // Wake-ups are coalesced to the next event-loop turn: the completions of one group commit all
  // resolve in the same turn, and claiming for the first of them alone would claim one slot at a
  // time (one small transaction per task) instead of all the freed slots in one.
  let wakeScheduled = false;
  const wake = () => {
    if (stopping || !started || wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(wakeNow);
  };
  const wakeNow = () => {
    wakeScheduled = false;
    if (stopping || !started) return;
    if (claiming) {
      wakeAgain = true;
      return;
    }
    claiming = claimOnce().finally(() => {
      claiming = null;
      if (wakeAgain) {
        wakeAgain = false;
        wakeNow();
      }
    });
  };

  const claimOnce = async () => {
    const { free, perType, due } = capacity();
    const claimable = Object.keys(perType);
    if (!due || claimable.length === 0) return;
    let claimed: Awaited<ReturnType<Store['taskClaim']>>;
    try {
      claimed = await store.taskClaim({
        types: claimable,
        perType,
        limit: free,
        workerId,
        leaseMs,
        now: Date.now(),
        tenantLimit,
      });
    } catch (err) {
      logger.warn({ err }, 'claim failed; retrying at the next poll');
      return;
    }
    const at = Date.now();
    for (const c of claimed) {
      add(perTypeHeld, c.task.type, 1);
      waiting.push({ claimed: c, at });
    }
    startWaiting();
    // A full batch means more may be waiting: look again at once instead of at the next poll.
    if (claimed.length > 0 && claimed.length === free) wakeAgain = true;
  };

  /** Starts waiting tasks while slots are free, in claim order (a type at its limit waits its turn). */
  const startWaiting = () => {
    if (waiting.length === 0) return;
    const staleBefore = Date.now() - leaseMs / 2;
    // Outcomes still being written are bounded as the claims are: 2 × concurrency plus the window.
    const inFlightMax = 2 * concurrency + aheadMax();
    const kept: typeof waiting = [];
    for (const w of waiting) {
      const type = w.claimed.task.type;
      if (w.at < staleBefore) release(w.claimed);
      else if (!stopping && handlers < concurrency && total < inFlightMax && (perTypeRunning.get(type) ?? 0) < limitOf(type)) launch(w.claimed);
      else kept.push(w);
    }
    waiting = kept;
  };

  /** Gives a task that never started back to the queue (its attempt does not count). */
  const release = (claimed: ClaimedTask) => {
    add(perTypeHeld, claimed.task.type, -1);
    const done = store
      .taskRelease({ id: claimed.task.id, leaseToken: claimed.leaseToken, now: Date.now() })
      .then(
        () => undefined,
        (err) => logger.warn({ err, taskId: claimed.task.id }, 'releasing a task claimed ahead failed; its lease will expire'),
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const launch = (claimed: ClaimedTask) => {
    const type = claimed.task.type;
    total++;
    handlers++;
    add(perTypeRunning, type, 1);
    const startedAt = performance.now();
    const settled = () => {
      window.observe(type, performance.now() - startedAt);
      handlers--;
      add(perTypeRunning, type, -1);
      add(perTypeHeld, type, -1);
      startWaiting();
      wake();
    };
    const done = executor.execute(claimed, settled).finally(() => {
      total--;
      inFlight.delete(done);
      startWaiting();
      wake();
    });
    inFlight.add(done);
  };

  return {
    start() {
      if (started || stopping) return;
      started = true;
      // New work is claimed at once (submit-to-start latency); only the wake-ups of completions,
      // which arrive in bursts, are coalesced to the next turn.
      unsubscribe = store.events.onTaskAvailable((type) => {
        if (types.includes(type)) wakeNow();
      });
      pollTimer = setInterval(() => {
        startWaiting();
        wake();
      }, config.worker.pollIntervalMs);
      wake();
    },
    async stop() {
      if (stopping) {
        while (inFlight.size > 0 || claiming) await Promise.allSettled([claiming, ...inFlight]);
        return;
      }
      stopping = true;
      if (pollTimer) clearInterval(pollTimer);
      unsubscribe?.();
      await claiming;
      // Tasks claimed ahead never started: back to the queue for other runners, now.
      for (const w of waiting.splice(0)) release(w.claimed);
      if (inFlight.size > 0) {
        let graceTimer: NodeJS.Timeout | undefined;
        const grace = new Promise((resolve) => {
          graceTimer = setTimeout(resolve, config.worker.shutdownGraceSeconds * 1000);
        });
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        clearTimeout(graceTimer);
        if (inFlight.size > 0) {
          logger.warn({ running: inFlight.size }, 'shutdown grace over: aborting and releasing running attempts');
          executor.abortAll('shutdown');
          await Promise.allSettled([...inFlight]);
        }
      }
      executor.close();
      if (cpuPool && !deps.cpuPool) await cpuPool.close();
    },
    running: () => total,
  };
}
