import type { TaskError } from '../domain/task.ts';

// The error objects stored on failed/canceled tasks. They are not API problems (the request that
// reads them succeeded), so they live under `/errors/<code>` rather than the problem registry.
// They keep RFC 9457's shape (`type`, `title`, `detail`, plus `code`) but not its `status`: that
// member is advisory and describes an HTTP response, and no response failed here — a task that
// failed permanently used to say `"status": 500`, which read like a server error.

export const TASK_ERROR_CODES = [
  'handler-error',
  'timeout',
  'lease-expired',
  'canceled',
  'destroyed',
  'expired',
  'permanent-failure',
  'dependency-failed',
  'group-failed',
] as const;

export type TaskErrorCode = (typeof TASK_ERROR_CODES)[number];

const TITLES: Record<TaskErrorCode, string> = {
  'handler-error': 'The task handler failed',
  timeout: 'The attempt timed out',
  'lease-expired': 'The worker running the attempt stopped responding',
  canceled: 'The task was canceled',
  destroyed: 'The task was destroyed',
  expired: 'The task expired before it ran',
  'permanent-failure': 'The task failed permanently',
  // Written by the database (migrations/008) with the same type and title.
  'dependency-failed': 'A task this one depends on did not succeed',
  'group-failed': 'Another member of the execution group failed',
};

export function taskError(code: TaskErrorCode, detail?: string): TaskError {
  const error: TaskError = { type: `/errors/${code}`, title: TITLES[code], code };
  if (detail !== undefined) error.detail = detail;
  return error;
}


/** A thrown value as a short detail string: handlers may throw anything. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}
