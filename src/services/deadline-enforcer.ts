import type { Config } from '../config/defaults.ts';
import { recordAttemptOutcome } from '../engine/attempt-outcome.ts';
import type { TaskRegistry } from '../engine/task-registry.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Attempts of HTTP-only types past their deadline (startedAt + timeoutSeconds) are failed with
// `timeout` — retried while attempts are left — even while their worker keeps heartbeating: no
// local timer aborts a remote worker, so the server enforces the timeout itself. A worker's next
// report then answers 409 lease-lost. In-process attempts keep their own timer (the executor).

const BATCH = 100;

export function createDeadlineEnforcer(deps: {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'maintenance' | 'retention' | 'tasks' | 'limits'>;
  logger: ServiceLogger;
  holder: string;
}): Service {
  const { store, registry, config, logger } = deps;
  const remote = registry.types().filter((t) => registry.get(t)?.remote);
  return createIntervalService({
    name: 'deadline-enforcer',
    intervalMs: config.maintenance.rescueIntervalMs,
    logger,
    chore: { store, holder: deps.holder },
    async run() {
      if (remote.length === 0) return undefined;
      const late = await store.taskListPastDeadline({ types: remote, now: Date.now(), limit: BATCH });
      for (const task of late) {
        const outcomes = { store, config, logger, cleanupOf: () => undefined };
        // Fenced by the token read: a report that landed meanwhile wins, and this records nothing.
        await recordAttemptOutcome(outcomes, { task, leaseToken: task.leaseToken! }, { kind: 'timed-out' });
      }
      if (late.length > 0) logger.info({ timedOut: late.length }, 'failed attempts past their deadline');
      return undefined;
    },
  });
}
