import type { TaskRow } from '../domain/task.ts';
import type { CleanupContext } from './define-task.ts';
import { buildCleanupContext, type PinoLike, taskLogger } from './task-context.ts';

// A type's cleanup runs once per task, at the first of: the final failure, a cancel, a destroy, an
// expiry — from the executor, a maintenance chore or the destroy command. Its errors are logged and
// never propagate: a failing cleanup must not block the state change it follows.

export type CleanupFn = (ctx: CleanupContext) => Promise<void> | void;

/**
 * Whether a task already had its cleanup: a failed or canceled task had it when it got there (or never
 * ran, and produced nothing). Destroying or purging such a task must not run it a second time.
 */
export function cleanupAlreadyRan(task: Pick<TaskRow, 'status'>): boolean {
  return task.status === 'failed' || task.status === 'canceled';
}

export async function runTaskCleanup(
  cleanup: CleanupFn | undefined,
  logger: PinoLike,
  task: TaskRow,
  reason: CleanupContext['reason'],
): Promise<void> {
  if (!cleanup) return;
  try {
    await cleanup(buildCleanupContext({ task, reason, log: taskLogger(logger, task) }));
  } catch (err) {
    logger.error({ err, taskId: task.id, type: task.type, reason }, 'task cleanup failed');
  }
}
