import type { TaskRow } from '../domain/task.ts';
import type { CleanupContext, TaskLogger } from './define-task.ts';
import type { TaskRegistry } from './task-registry.ts';

// A type's cleanup runs after the final failure, on cancel, on destroy and on expiry, from the
// executor or from a maintenance chore. Its errors are logged and never propagate: a failing
// cleanup must not block the state change it follows.

export interface PinoLike {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export async function runTaskCleanup(
  registry: TaskRegistry,
  logger: PinoLike,
  task: TaskRow,
  reason: CleanupContext['reason'],
): Promise<void> {
  const cleanup = registry.get(task.type)?.definition.cleanup;
  if (!cleanup) return;
  try {
    await cleanup({ taskId: task.id, tenant: task.tenant, input: JSON.parse(task.inputJson), reason, log: taskLogger(logger, task) });
  } catch (err) {
    logger.error({ err, taskId: task.id, type: task.type, reason }, 'task cleanup failed');
  }
}

/** A pino-like logger adapted to the TaskLogger shape handlers see (message first). */
export function taskLogger(logger: PinoLike, task: Pick<TaskRow, 'id' | 'type'>): TaskLogger {
  const bindings = { taskId: task.id, type: task.type };
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) =>
    logger[level]({ ...bindings, ...data }, msg);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
