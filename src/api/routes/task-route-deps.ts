import type { Config } from '../../config/defaults.ts';
import type { InsertBatcher } from '../../operations/insert-batcher.ts';
import type { RateLimiter } from '../../operations/rate-limit.ts';
import type { Submitter } from '../../operations/submitter.ts';
import type { TaskTypes } from '../../operations/task-types.ts';
import type { FileLinks } from '../file-links.ts';
import type { QueuePositions } from '../queue-positions.ts';
import type { TypeStats } from '../type-stats.ts';

/**
 * What the task route plugins share; built once per app in build-app.ts. No store: a route passes
 * its request's store (`req.store`) to the operation it calls.
 */
export interface TaskRouteDeps {
  config: Readonly<Config>;
  taskTypes: TaskTypes;
  now: () => number;
  submitter: Submitter;
  rateLimiter: RateLimiter;
  insertBatcher: InsertBatcher;
  positions: QueuePositions;
  typeStats: TypeStats;
  /** Files and their signed links: a succeeded task's `files`, a one-file result's 303. */
  files: FileLinks;
}
