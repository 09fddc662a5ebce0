import type { Config } from '../config/defaults.ts';
import { cleanupAlreadyRan, runTaskCleanup } from '../engine/task-cleanup.ts';
import { taskError } from '../engine/task-errors.ts';
import type { TaskRegistry } from '../engine/task-registry.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Retention: unstarted tasks past expiresAt are canceled (`expired`), finished tasks past
// expiresAt are purged to a tombstone (then 410), and idempotency records and id reservations
// are forgotten when they expire. The type's cleanup runs with reason 'expired' so whatever the
// task left behind (files, partial exports) goes with it.

const BATCH = 500;

export function createRetentionCleaner(deps: {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'maintenance' | 'retention'>;
  logger: ServiceLogger;
  holder: string;
  intervalMs?: number;
}): Service {
  const { store, registry, config, logger } = deps;
  return createIntervalService({
    name: 'retention-cleaner',
    intervalMs: deps.intervalMs ?? config.maintenance.retentionIntervalMs,
    logger,
    chore: { store, holder: deps.holder },
    async run() {
      const now = Date.now();
      const { canceled, purged } = await store.taskExpire({
        now,
        error: taskError('expired', 'the task did not start before it expired'),
        retentionMs: config.retention.finishedSeconds * 1000,
        limit: BATCH,
      });
      // Canceled now because they never started: their first cleanup. Purged: only those that had none yet.
      for (const task of [...canceled, ...purged.filter((t) => !cleanupAlreadyRan(t))]) {
        await runTaskCleanup(registry.get(task.type)?.definition.cleanup, logger, task, 'expired');
      }
      const idempotency = await store.idempotencyPurge({ now });
      const reservations = await store.reservationPurge({ now });
      if (canceled.length || purged.length || idempotency || reservations) {
        logger.info({ canceled: canceled.length, purged: purged.length, idempotency, reservations }, 'retention pass');
      }
      return canceled.length === BATCH || purged.length === BATCH ? 0 : undefined;
    },
  });
}
