import type { Config } from '../config/defaults.ts';
import { taskError } from '../engine/task-errors.ts';
import type { TaskRegistry } from '../engine/task-registry.ts';
import { cleanupAlreadyRan, runTaskCleanup } from '../engine/task-cleanup.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Attempts whose runner stopped heartbeating (crash, kill -9, partition) hold a lease that
// expires; this chore requeues them (or fails them when no attempts are left) within seconds.
// It also finishes destroys whose runner died before it could run the cleanup.

const BATCH = 100;

export function createLeaseRescuer(deps: {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'maintenance' | 'retention'>;
  logger: ServiceLogger;
  holder: string;
}): Service {
  const { store, registry, config, logger } = deps;
  const retentionMs = config.retention.finishedSeconds * 1000;
  return createIntervalService({
    name: 'lease-rescuer',
    intervalMs: config.maintenance.rescueIntervalMs,
    logger,
    chore: { store, holder: deps.holder },
    async run() {
      const { requeued, failed } = await store.taskRescueExpired({
        now: Date.now(),
        error: taskError('lease-expired', 'the worker stopped renewing its lease'),
        retentionMs,
        limit: BATCH,
      });
      if (requeued.length || failed.length) logger.info({ requeued: requeued.length, failed: failed.length }, 'rescued expired leases');
      for (const task of failed) await runTaskCleanup(registry.get(task.type)?.definition.cleanup, logger, task, 'failed');

      for (const task of await store.taskListDestroyPending({ limit: BATCH })) {
        if (!cleanupAlreadyRan(task)) await runTaskCleanup(registry.get(task.type)?.definition.cleanup, logger, task, 'destroyed');
        await store.taskDestroy({ tenant: null, id: task.id, reason: 'destroyed', now: Date.now() });
      }
    },
  });
}
