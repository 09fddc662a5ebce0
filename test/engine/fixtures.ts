import type { FileStorage } from '../../src/files/file-storage.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { newId } from '../../src/domain/ids.ts';
import type { NewTask, TaskRow } from '../../src/domain/task.ts';
import type { TaskDefinition } from '../../src/engine/define-task.ts';
import { createRunner, type Runner } from '../../src/engine/runner.ts';
import { createTaskRegistry, type TaskModule, type TaskRegistry } from '../../src/engine/task-registry.ts';
import { createScheduler } from '../../src/services/scheduler.ts';
import type { Service } from '../../src/services/service.ts';
import type { Store } from '../../src/store/store.ts';
import { type TempStore, tempStore as tempBackendStore } from '../helpers/backend.ts';

// Shared set-up for the engine tests: a fresh store of the run's backend per test file
// (OFFLOAD_TEST_BACKEND, see test/helpers/backend.ts), small timings, a logger that records what it
// was told.

/** `openAnother()`: a second, independent store on the same data (another process, as far as the database can tell). */
export type TestStore = TempStore;

export async function tempStore(): Promise<TestStore> {
  return tempBackendStore();
}

type Overrides = { [K in keyof Config]?: Partial<Config[K]> };

export function testConfig(overrides: Overrides = {}): Config {
  const base: Config = structuredClone(DEFAULTS);
  base.worker = { ...base.worker, leaseSeconds: 2, pollIntervalMs: 50, shutdownGraceSeconds: 1, cpuThreads: 2, concurrency: 8 };
  base.tasks = { ...base.tasks, retryBaseSeconds: 0.05, retryMaxSeconds: 0.2, timeoutSeconds: 5 };
  base.maintenance = { ...base.maintenance, rescueIntervalMs: 100, retentionIntervalMs: 100 };
  for (const [key, value] of Object.entries(overrides)) {
    Object.assign((base as unknown as Record<string, object>)[key] as object, value);
  }
  return base;
}

export interface LogEntry {
  level: string;
  obj: unknown;
  msg?: string;
}

export function recordingLogger() {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function submit(
  store: Store,
  type: string,
  input: unknown,
  options: { priority?: number; runAt?: number; maxAttempts?: number; timeoutSeconds?: number; expiresAt?: number } = {},
): Promise<TaskRow> {
  const now = Date.now();
  const runAt = options.runAt ?? now;
  const task: NewTask = {
    id: newId('tsk'),
    tenant: 'acme',
    type,
    status: runAt > now ? 'pending' : 'queued',
    customId: null,
    priority: options.priority ?? 0,
    inputJson: JSON.stringify(input),
    metadata: null,
    fingerprint: 'test',
    runAt,
    timeoutSeconds: options.timeoutSeconds ?? 5,
    maxAttempts: options.maxAttempts ?? 3,
    callbackUrl: null,
    createdAt: now,
    expiresAt: options.expiresAt ?? now + 86_400_000,
  };
  return (await store.taskInsert({ task })).task;
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function waitForStatus(store: Store, id: string, statuses: TaskRow['status'][], timeoutMs = 5000) {
  return waitFor(
    async () => {
      const row = await store.taskGet({ tenant: null, id });
      return row && statuses.includes(row.status) ? row : null;
    },
    { timeoutMs, what: `task ${id} to be ${statuses.join('|')}` },
  );
}

/** A runner plus the scheduler (retries wait as pending until promoted). */
export function startWorker(options: {
  store: Store;
  definitions?: TaskDefinition[];
  modules?: TaskModule[];
  config?: Config;
  workerId?: string;
  abandonGraceMs?: number;
  /** The file store behind ctx.files. */
  files?: FileStorage;
}): { runner: Runner; registry: TaskRegistry; logger: ReturnType<typeof recordingLogger>; stop(): Promise<void> } {
  const config = options.config ?? testConfig();
  const logger = recordingLogger();
  const registry = createTaskRegistry({ definitions: options.definitions, modules: options.modules, config });
  const workerId = options.workerId ?? newId('wrk');
  const runner = createRunner({ store: options.store, registry, config, logger, workerId, abandonGraceMs: options.abandonGraceMs, files: options.files });
  const scheduler: Service = createScheduler({ store: options.store, logger, holder: workerId, maxSleepMs: 50 });
  runner.start();
  scheduler.start();
  return {
    runner,
    registry,
    logger,
    async stop() {
      await runner.stop();
      await scheduler.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
