import type { TaskRow } from '../domain/task.ts';
import type { CleanupContext } from './define-task.ts';
import { buildCleanupContext, type PinoLike, taskLogger } from './task-context.ts';

// A type's cleanup runs after the final failure, on cancel, on destroy and on expiry — from the
// executor, from a maintenance chore or from the destroy command. Its errors are logged and never
// propagate: a failing cleanup must not block the state change it follows.

export type CleanupFn = (ctx: CleanupContext) => Promise<void> | void;

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
