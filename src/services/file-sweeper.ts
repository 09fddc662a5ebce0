import type { Config } from '../config/defaults.ts';
import type { FileStorage } from '../files/file-storage.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// The file sweeper (one node at a time): deletes orphans — uploads whose request died while
// writing (after `files.orphanGraceSeconds`), files of attempts that no longer run (a worker
// crashed, a lease was lost), expired uploads — then removes the bytes of every deleted file
// (deleted by a client, with its task on destroy or retention, or as an orphan) from its driver,
// keeping the record as a tombstone so its id and links answer 410.

const BATCH = 200;

export function createFileSweeper(deps: {
  store: Store;
  storage: FileStorage;
  config: Pick<Config, 'files'>;
  logger: ServiceLogger;
  holder: string;
  intervalMs?: number;
}): Service {
  const { store, storage, config, logger } = deps;
  return createIntervalService({
    name: 'file-sweeper',
    intervalMs: deps.intervalMs ?? config.files.sweepIntervalMs,
    logger,
    chore: { store, holder: deps.holder },
    async run() {
      const now = Date.now();
      const orphans = await store.fileSweep({ now, writingBefore: now - config.files.orphanGraceSeconds * 1000 });
      const removed = await storage.removeDeleted(store, BATCH);
      if (orphans || removed) logger.info({ orphans, removed }, 'file sweep');
      return removed === BATCH ? 0 : undefined;
    },
  });
}
