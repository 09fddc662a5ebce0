import type { Config } from '../config/defaults.ts';
import type { FileStorage } from '../files/file-storage.ts';
import type { TaskRow } from '../domain/task.ts';
import type { TaskCompleteParams } from '../store/attempt-store.ts';
import type { ClaimedTask, Store } from '../store/store.ts';
import type { AbortReason } from './abort-reasons.ts';
import { type AttemptFiles, createAttemptFiles } from './attempt-files.ts';
import { type OutcomeDeps, outcomeOf, recordAttemptOutcome, type Settled } from './attempt-outcome.ts';
import type { CpuPool } from './cpu-pool.ts';
import { PermanentFailure, type TaskContext, type TaskLogger } from './define-task.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import { type AttemptInfo, attemptInfo, buildCompensateContext, buildTaskContext, parentResults, taskLogger } from './task-context.ts';
import type { RegisteredTask, TaskRegistry } from './task-registry.ts';
import { createWriteBatcher } from './write-batcher.ts';

// Runs claimed attempts in this process: signal, timeout, heartbeat, cancel watch, progress. How
// the attempt ended becomes its one fenced store write in src/engine/attempt-outcome.ts. Every
// write after a lost lease records nothing, because a newer attempt owns the task.

export interface Logger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  child?(bindings: Record<string, unknown>): Logger;
}

export interface ExecutorDeps {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'worker' | 'tasks' | 'limits' | 'retention'>;
  logger: Logger;
  cpuPool?: CpuPool;
  /** How long after an abort the executor still waits for a handler that ignores its signal. */
  abandonGraceMs?: number;
  /** Told of every recorded attempt (the node's attempt metrics). */
  onAttemptRecorded?: OutcomeDeps['onRecorded'];
  /** The file store behind `ctx.files`; without it `ctx.files` throws when used. */
  files?: FileStorage;
}

export interface Executor {
  /**
   * Runs the attempt to its recorded outcome. Never rejects. `onSettled` is called once when the
   * handler has settled (before its outcome is written), or when the attempt ends without it.
   */
  execute(claimed: ClaimedTask, onSettled?: () => void): Promise<void>;
  running(): number;
  /** Aborts every running attempt (shutdown past the grace period). */
  abortAll(reason: AbortReason): void;
  /** Stops the cancel watch. Call after the last attempt settled. */
  close(): void;
}

interface Attempt {
  task: TaskRow;
  leaseToken: string;
  controller: AbortController;
  /** When the lease was last set (the claim, then each renewal): the heartbeat's clock. */
  leaseSetAt: number;
  /** A renewal is in flight (at most one per attempt). */
  renewing: boolean;
  /** The handler settled and the outcome is being recorded: the store's change events are our own. */
  settling: boolean;
}

const PROGRESS_INTERVAL_MS = 250;

export function createExecutor(deps: ExecutorDeps): Executor {
  const { store, registry, config, logger } = deps;
  const leaseMs = config.worker.leaseSeconds * 1000;
  // The completions of one event-loop turn share one transaction (and one statistics write per type).
  const completions = createWriteBatcher<TaskCompleteParams, TaskRow | null>({
    many: (items) => store.taskCompleteMany({ items }),
    one: (item) => store.taskComplete(item),
    maxBatch: 500,
    key: (item) => item.id,
    onBatchFailure: 'reject',
  });
  const outcomes: OutcomeDeps = {
    store,
    config,
    logger,
    cleanupOf: (type) => registry.get(type)?.definition.cleanup,
    retentionOf: (type) => registry.get(type)?.definition.retentionSeconds,
    complete: (params) => completions.write(params),
    onRecorded: deps.onAttemptRecorded,
  };
  const abandonGraceMs = deps.abandonGraceMs ?? 2000;
  const attempts = new Map<string, Attempt>();
  let watchTimer: NodeJS.Timeout | null = null;
  let watching = false;
  // One heartbeat timer for all attempts instead of one interval each: every tick renews the leases
  // that are due. A lease is renewed no later than leaseMs / 3 after it was last set (as with a
  // per-attempt interval of leaseMs / 3), and never earlier than leaseMs / 6.
  const beatEveryMs = Math.max(50, leaseMs / 3);
  const tickMs = Math.max(25, beatEveryMs / 2);
  let heartbeatTimer: NodeJS.Timeout | null = null;

  // Cancel requests reach us two ways: the store's change event (immediate; from other processes too
  // where the store announces their changes) and a poll of all our running ids. Without
  // cross-process events (SQLite) the poll is how another process's cancel arrives, so it runs every
  // pollIntervalMs; with them it is only a safety net for a lost notification, and runs less often.
  const watchEveryMs = store.capabilities.crossProcessEvents
    ? Math.max(1000, 5 * config.worker.pollIntervalMs)
    : config.worker.pollIntervalMs;
  const checkAttempt = async (attempt: Attempt) => {
    const row = await store.taskGet({ tenant: null, id: attempt.task.id });
    if (attempt.controller.signal.aborted) return;
    if (!row) attempt.controller.abort('destroyed' satisfies AbortReason);
    else if (row.leaseToken !== attempt.leaseToken) attempt.controller.abort('lease-lost' satisfies AbortReason);
    else if (row.cancelRequested) attempt.controller.abort((row.destroyRequested ? 'destroyed' : 'canceled') satisfies AbortReason);
  };
  const check = (attempt: Attempt) =>
    checkAttempt(attempt).catch((err) => logger.warn({ err, taskId: attempt.task.id }, 'cancel check failed'));

  const unsubscribe = store.events.onTaskChanged((taskId) => {
    const attempt = attempts.get(taskId);
    // Once the handler settled, the changes are this attempt's own outcome write: nothing to check.
    if (attempt && !attempt.settling && !attempt.controller.signal.aborted) void check(attempt);
  });

  const renew = async (attempt: Attempt, now: number) => {
    attempt.renewing = true;
    try {
      const beat = await store.taskHeartbeat({ id: attempt.task.id, leaseToken: attempt.leaseToken, leaseMs, now });
      if (!beat.ok) {
        if (!attempt.controller.signal.aborted) attempt.controller.abort('lease-lost' satisfies AbortReason);
      } else {
        attempt.leaseSetAt = now;
        if (beat.cancelRequested) void check(attempt);
      }
    } catch (err) {
      logger.warn({ err, taskId: attempt.task.id }, 'heartbeat failed; the lease may expire');
    } finally {
      attempt.renewing = false;
    }
  };
  const heartbeat = () => {
    heartbeatTimer = null;
    if (attempts.size === 0) return;
    const now = Date.now();
    const due = now - (beatEveryMs - tickMs);
    for (const attempt of attempts.values()) {
      if (!attempt.settling && !attempt.renewing && attempt.leaseSetAt <= due) void renew(attempt, now);
    }
    armHeartbeat();
  };
  const armHeartbeat = () => {
    if (heartbeatTimer || attempts.size === 0) return;
    heartbeatTimer = setTimeout(heartbeat, tickMs);
  };

  const watch = async () => {
    watchTimer = null;
    if (attempts.size === 0) return;
    watching = true;
    try {
      const ids = [...attempts.keys()];
      const requested = await store.taskCancelRequested({ ids });
      await Promise.all(requested.map((id) => attempts.get(id)).filter((a) => a !== undefined).map(check));
    } catch (err) {
      logger.warn({ err }, 'cancel watch failed; retrying');
    } finally {
      watching = false;
      armWatch();
    }
  };
  const armWatch = () => {
    if (watchTimer || watching || attempts.size === 0) return;
    watchTimer = setTimeout(watch, watchEveryMs);
  };

  const execute = async ({ task, leaseToken }: ClaimedTask, onSettled?: () => void): Promise<void> => {
    let settledOnce = false;
    const handlerSettled = () => {
      if (settledOnce) return;
      settledOnce = true;
      onSettled?.();
    };
    const registered = registry.get(task.type);
    const controller = new AbortController();
    // The claim set the lease at leaseExpiresAt − leaseMs.
    const leaseSetAt = task.leaseExpiresAt === null ? Date.now() : task.leaseExpiresAt - leaseMs;
    const attempt: Attempt = { task, leaseToken, controller, leaseSetAt, renewing: false, settling: false };
    const log = taskLogger(logger, task);
    const files = deps.files ? createAttemptFiles({ storage: deps.files, store, tenant: task.tenant, taskId: task.id, leaseToken }) : undefined;
    attempts.set(task.id, attempt);
    armWatch();
    armHeartbeat();
    if (task.cancelRequested) controller.abort((task.destroyRequested ? 'destroyed' : 'canceled') satisfies AbortReason);

    const timeoutMs = task.timeoutSeconds * 1000;
    const timeout = setTimeout(() => controller.abort('timeout' satisfies AbortReason), timeoutMs);
    const progress = createProgressThrottle({
      intervalMs: PROGRESS_INTERVAL_MS,
      write: async (p) => {
        const answer = await store.taskProgress({ id: task.id, leaseToken, ...p, now: Date.now() });
        if (!answer.ok) controller.abort('lease-lost' satisfies AbortReason);
        else if (answer.cancelRequested) void check(attempt);
      },
      onError: (err) => logger.warn({ err, taskId: task.id }, 'progress write failed'),
    });

    try {
      const settled = registered
        ? await runHandler(registered, task, controller.signal, progress.report, log, files)
        : ({ ok: false, error: new PermanentFailure(`task type "${task.type}" is not registered on this worker`) } as const);
      handlerSettled();
      await progress.flush();
      progress.close();
      clearTimeout(timeout);
      attempt.settling = true;
      // Its files are stored before the outcome is: a success makes exactly those visible.
      await files?.settle();
      const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : null;
      const outcome = outcomeOf(settled, reason);
      // An attempt that cannot succeed loses its files before its outcome is visible; one that
      // returned keeps them unless recording the success failed (too large a result, a lost lease).
      if (outcome.kind !== 'returned') await files?.discard();
      const recorded = await recordAttemptOutcome(outcomes, attempt, outcome);
      if (outcome.kind === 'returned' && recorded !== 'succeeded') await files?.discard();
    } catch (err) {
      logger.error({ err, taskId: task.id }, 'recording the attempt failed; the lease will expire and the rescuer retries it');
    } finally {
      progress.close();
      clearTimeout(timeout);
      attempts.delete(task.id);
      handlerSettled();
    }
  };

  const runHandler = (
    registered: RegisteredTask,
    task: TaskRow,
    signal: AbortSignal,
    report: TaskContext['progress'],
    log: TaskLogger,
    files: AttemptFiles | undefined,
  ): Promise<Settled> => {
    const handler = (async () => {
      const input = parseInput(task);
      const info: AttemptInfo = { ...attemptInfo(task) };
      if (task.graph.dependsOn) info.parents = parentResults(await store.taskParents({ id: task.id }));
      if (task.graph.compensates !== null) return compensate(registered, task, info, input, { signal, progress: report, log });
      if (registered.cpu && deps.cpuPool && registered.moduleUrl) {
        return deps.cpuPool.run({ moduleUrl: registered.moduleUrl, type: task.type, input, info, signal, onProgress: report, log, files });
      }
      return registered.definition.run(input, buildTaskContext({ info, signal, progress: report, log, files }));
    })();
    const settled = handler.then(
      (value): Settled => ({ ok: true, value }),
      (error): Settled => ({ ok: false, error }),
    );
    // A handler that ignores its signal is abandoned a short grace after the abort.
    let graceTimer: NodeJS.Timeout | undefined;
    const abandoned = new Promise<Settled>((resolve) => {
      const onAbort = () => {
        graceTimer = setTimeout(() => resolve({ abandoned: true }), abandonGraceMs);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([settled, abandoned]).finally(() => clearTimeout(graceTimer));
  };

  /** A compensation task: its type's `compensate` for the member it names (the member's input is its own). */
  const compensate = async (
    registered: RegisteredTask,
    task: TaskRow,
    info: AttemptInfo,
    input: unknown,
    ctx: { signal: AbortSignal; progress: TaskContext['progress']; log: TaskLogger },
  ): Promise<unknown> => {
    const fn = registered.definition.compensate;
    if (!fn) throw new PermanentFailure(`task type "${task.type}" has no compensate()`);
    const member = await store.taskGet({ tenant: null, id: task.graph.compensates! });
    const result = member?.resultJson ? JSON.parse(member.resultJson) : undefined;
    await fn(buildCompensateContext({ info, ...ctx, member: { taskId: task.graph.compensates!, input, result } }));
    return null;
  };

  return {
    execute,
    running: () => attempts.size,
    abortAll(reason) {
      for (const attempt of attempts.values()) {
        if (!attempt.controller.signal.aborted) attempt.controller.abort(reason);
      }
    },
    close() {
      unsubscribe();
      if (watchTimer) clearTimeout(watchTimer);
      watchTimer = null;
      if (heartbeatTimer) clearTimeout(heartbeatTimer);
      heartbeatTimer = null;
    },
  };
}

function parseInput(task: TaskRow): unknown {
  return JSON.parse(task.inputJson);
}
