import type { Config } from '../config/defaults.ts';
import { batchWorkProgress } from '../domain/batch-progress.ts';
import type { Store } from '../store/store.ts';
import { batchEventDocument } from '../webhooks/batch-payload.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// A chore (one node at a time): a dispatched batch whose tasks have all finished becomes
// `completed`, with its batch.completed event in the same transaction (for tenants with an enabled
// webhook endpoint); stored batches past `retention.batchSeconds` are purged.

const BATCH = 100;

export function createBatchFinisher(deps: {
  store: Store;
  config: Pick<Config, 'batches'>;
  logger: ServiceLogger;
  holder: string;
}): Service {
  const { store, logger } = deps;
  const intervalMs = deps.config.batches.pollIntervalMs;
  return createIntervalService({
    name: 'batch-finisher',
    intervalMs,
    logger,
    chore: { store, holder: deps.holder, ttlMs: Math.max(10_000, intervalMs * 3) },
    async run() {
      for (const id of await store.batchListCompletable({ limit: BATCH })) {
        const batch = await store.batchGet({ tenant: null, id });
        if (!batch) continue;
        const now = Date.now();
        // Every task is finished: no estimate needs duration statistics.
        const work = batchWorkProgress({ rows: await store.batchTaskSummary({ id, now }), stats: new Map(), parallelism: () => 1, now });
        const done = await store.batchComplete({ id, now, eventDataJson: JSON.stringify(batchEventDocument(batch, work, now)) });
        if (done) logger.info({ batch: id, tasks: work.total }, 'batch completed');
      }
      const purged = await store.batchPurge({ now: Date.now(), limit: 1000 });
      if (purged > 0) logger.info({ purged }, 'expired batches purged');
      return undefined;
    },
  });
}
