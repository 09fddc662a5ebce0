import type { Config } from '../config/defaults.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Promotes pending tasks (delayed submissions, retries waiting out their backoff) to queued when
// their runAt arrives. It sleeps until the earliest pending runAt, but never longer than
// `maxSleepMs`, so a task submitted meanwhile with a shorter delay is still started on time.

const BATCH = 500;

export function createScheduler(deps: {
  store: Store;
  logger: ServiceLogger;
  holder: string;
  /** When given, the default sleep bound follows `worker.pollIntervalMs` (at most 250 ms). */
  config?: Pick<Config, 'worker'>;
  /** Upper bound of one sleep; also how late a newly submitted delayed task can start. */
  maxSleepMs?: number;
}): Service {
  const { store, logger } = deps;
  const maxSleepMs = deps.maxSleepMs ?? Math.min(250, deps.config?.worker.pollIntervalMs ?? 250);
  return createIntervalService({
    name: 'scheduler',
    intervalMs: maxSleepMs,
    logger,
    chore: { store, holder: deps.holder, ttlMs: Math.max(3000, maxSleepMs * 3) },
    async run() {
      const now = Date.now();
      const { promoted, nextRunAt } = await store.taskPromoteDue({ now, limit: BATCH });
      if (promoted === BATCH) return 0; // more are due: go again at once
      if (nextRunAt === null) return maxSleepMs;
      return Math.min(maxSleepMs, Math.max(0, nextRunAt - Date.now()));
    },
  });
}
