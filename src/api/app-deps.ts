import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/defaults.ts';
import type { CleanupContext, JsonSchema } from '../engine/define-task.ts';
import type { Store } from '../store/store.ts';
import type { Metrics } from './metrics.ts';

// What the HTTP layer needs from the rest of the system. `buildApp(deps)` receives it; only the
// CLI/server entry creates real resources and hands them down.

/** A registered task type with its defaults resolved (the engine's registry satisfies this). */
export interface RegisteredTaskType {
  type: string;
  description?: string;
  inputSchema: JsonSchema;
  timeoutSeconds: number;
  maxAttempts: number;
  concurrency: number;
  cpu: boolean;
  syncWaitSeconds: number;
  cleanup?: (ctx: CleanupContext) => Promise<void> | void;
}

export interface TaskTypes {
  get(type: string): RegisteredTaskType | undefined;
  types(): string[];
  /** Pointers are relative to the input (e.g. `/seconds`). */
  validateInput(type: string, input: unknown): { ok: true } | { ok: false; errors: { pointer: string; detail: string }[] };
}

export interface AppDeps {
  store: Store;
  taskTypes: TaskTypes;
  config: Readonly<Config>;
  /** A pino logger shared with the rest of the process; tests leave it out (no logs). */
  logger?: FastifyBaseLogger;
  /** One metrics registry per process, shared with the runner; created when absent. */
  metrics?: Metrics;
  /** Injected clock for tests; defaults to Date.now. */
  now?: () => number;
}
