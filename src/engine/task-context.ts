import type { TaskRow } from '../domain/task.ts';
import type { CleanupContext, CompensateContext, TaskContext, TaskFiles, TaskLogger, TaskParentResult } from './define-task.ts';

// The one place where the contexts a task type's code receives are built. The in-process executor,
// the CPU thread and every later runner of task code (e.g. a remote worker's reports turned back into
// attempts) build them here, so a handler sees the same `ctx` wherever it runs.

/** What identifies an attempt to its handler: plain data, so it can cross to a CPU thread. */
export interface AttemptInfo {
  taskId: string;
  tenant: string;
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
  /** The parents, read when the attempt starts (tasks with dependsOn only). */
  parents?: TaskParentResult[];
}

export function attemptInfo(task: Pick<TaskRow, 'id' | 'tenant' | 'attempts' | 'maxAttempts'>): AttemptInfo {
  return { taskId: task.id, tenant: task.tenant, attempt: task.attempts, maxAttempts: task.maxAttempts };
}

export function buildTaskContext(params: {
  info: AttemptInfo;
  signal: AbortSignal;
  progress: TaskContext['progress'];
  log: TaskLogger;
  /** Where the runner has no file store (tests of the engine alone), `ctx.files` says so when used. */
  files?: TaskFiles;
}): TaskContext {
  const { info } = params;
  return {
    taskId: info.taskId,
    tenant: info.tenant,
    attempt: info.attempt,
    maxAttempts: info.maxAttempts,
    signal: params.signal,
    progress: params.progress,
    log: params.log,
    files: params.files ?? NO_FILES,
    parents: Object.freeze([...(info.parents ?? [])]),
  };
}

/** The context of a compensation attempt: a task context plus the member it undoes. */
export function buildCompensateContext(
  params: Parameters<typeof buildTaskContext>[0] & { member: { taskId: string; input: unknown; result: unknown } },
): CompensateContext {
  return { ...buildTaskContext(params), compensating: Object.freeze({ ...params.member }) };
}

/** A store's view of the parents as a handler sees them. */
export function parentResults(parents: { id: string; type: string | null; status: TaskParentResult['status']; resultJson: string | null }[]): TaskParentResult[] {
  return parents.map((p) => ({
    taskId: p.id,
    type: p.type,
    status: p.status,
    result: p.status === 'succeeded' && p.resultJson !== null ? JSON.parse(p.resultJson) : undefined,
  }));
}

const noFiles = (): never => {
  throw new Error('this runner has no file store: ctx.files is not available');
};
const NO_FILES: TaskFiles = { create: noFiles, open: noFiles };

export function buildCleanupContext(params: {
  task: Pick<TaskRow, 'id' | 'tenant' | 'inputJson'>;
  reason: CleanupContext['reason'];
  log: TaskLogger;
}): CleanupContext {
  const { task } = params;
  return { taskId: task.id, tenant: task.tenant, input: JSON.parse(task.inputJson), reason: params.reason, log: params.log };
}

/** A pino-like logger (object first) as the TaskLogger handlers see (message first), bound to the task. */
export interface PinoLike {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export function taskLogger(logger: PinoLike, task: Pick<TaskRow, 'id' | 'type'>): TaskLogger {
  const bindings = { taskId: task.id, type: task.type };
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) =>
    logger[level]({ ...bindings, ...data }, msg);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
