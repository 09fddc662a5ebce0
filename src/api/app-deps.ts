import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/defaults.ts';
import type { TaskTypes } from '../operations/task-types.ts';
import type { Store } from '../store/store.ts';
import type { Metrics } from './metrics.ts';

// What the HTTP layer needs from the rest of the system. `buildApp(deps)` receives it; only the
// CLI/server entry creates real resources and hands them down.

export type { RegisteredTaskType, TaskTypes } from '../operations/task-types.ts';

export interface AppDeps {
  /** The root store. Routes never call it: each request carries its store (`req.store`) to the operations. */
  store: Store;
  taskTypes: TaskTypes;
  config: Readonly<Config>;
  /** A pino logger shared with the rest of the process; tests leave it out (no logs). */
  logger?: FastifyBaseLogger;
  /** One metrics registry per process, shared with the runner; created when absent. */
  metrics?: Metrics;
  /** Injected clock for tests; defaults to Date.now. */
  now?: () => number;
  /** This node's name (lease owner of the batches it dispatches); random when absent. */
  nodeId?: string;
}
