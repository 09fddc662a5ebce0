import type { AppDeps } from '../app-deps.ts';
import type { QueuePositions } from '../queue-positions.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { Submitter } from '../submission.ts';
import type { TypeStats } from '../type-stats.ts';

/** What the task route plugins share; built once per app in build-app.ts. */
export interface TaskRouteDeps extends AppDeps {
  now: () => number;
  submitter: Submitter;
  rateLimiter: RateLimiter;
  positions: QueuePositions;
  typeStats: TypeStats;
}
