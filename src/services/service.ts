import type { Store } from '../store/store.ts';

// Every background service has the same lifecycle (River's startstop): start() returns at once,
// stop() resolves when the service is idle, and both are safe to call twice or out of order.

export interface Service {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

export interface ServiceLogger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** When set, the chore runs on one node at a time: whoever holds the named lease. */
export interface ChoreLeaseOptions {
  store: Store;
  holder: string;
  /** Default 3 × intervalMs: a holder that misses two runs loses the chore to another node. */
  ttlMs?: number;
}

export interface IntervalServiceOptions {
  name: string;
  intervalMs: number;
  /** One run. May return the delay until the next run (e.g. the scheduler sleeping until nextRunAt). */
  run(): Promise<number | undefined>;
  logger: ServiceLogger;
  chore?: ChoreLeaseOptions;
  /** Injected for tests. */
  now?: () => number;
}

export function createIntervalService(options: IntervalServiceOptions): Service {
  const { name, intervalMs, logger } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.chore?.ttlMs ?? intervalMs * 3;
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let holdsLease = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, delayMs));
  };

  // Runs never overlap: the next one is scheduled only after this one settled.
  const tick = () => {
    timer = null;
    current = runOnce().then((next) => {
      current = null;
      schedule(next ?? intervalMs);
    });
  };

  const runOnce = async (): Promise<number | undefined> => {
    try {
      if (options.chore) {
        const { store, holder } = options.chore;
        holdsLease = await store.choreLeaseAcquire({ name, holder, ttlMs, now: now() });
        if (!holdsLease) return intervalMs;
      }
      const next = await options.run();
      return typeof next === 'number' ? next : undefined;
    } catch (err) {
      logger.error({ err, service: name }, 'service run failed; continuing');
      return undefined;
    }
  };

  return {
    name,
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
    },
    async stop() {
      if (!started) return; // before start: nothing to stop, and a later start() still works
      if (stopped) {
        await current;
        return;
      }
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
      if (options.chore && holdsLease) {
        holdsLease = false;
        try {
          await options.chore.store.choreLeaseRelease({ name, holder: options.chore.holder });
        } catch (err) {
          logger.warn({ err, service: name }, 'chore lease release failed; it will expire');
        }
      }
    },
  };
}
