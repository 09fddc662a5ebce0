import type { TaskError } from '../domain/task.ts';

// The error objects stored on failed/canceled tasks. They are not API problems (the request that
// reads them succeeded), so they live under `/errors/<code>` rather than the problem registry.

export type TaskErrorCode =
  | 'handler-error'
  | 'timeout'
  | 'lease-expired'
  | 'canceled'
  | 'destroyed'
  | 'expired'
  | 'permanent-failure'
  | 'dependency-failed'
  | 'group-failed';

const TITLES: Record<TaskErrorCode, string> = {
  'handler-error': 'The task handler failed',
  timeout: 'The attempt timed out',
  'lease-expired': 'The worker running the attempt stopped responding',
  canceled: 'The task was canceled',
  destroyed: 'The task was destroyed',
  expired: 'The task expired before it ran',
  'permanent-failure': 'The task failed permanently',
  // Written by the database (migrations/006) with the same type, title and status.
  'dependency-failed': 'A task this one depends on did not succeed',
  'group-failed': 'Another member of the execution group failed',
};

const STATUSES: Record<TaskErrorCode, number> = {
  'handler-error': 500,
  timeout: 504,
  'lease-expired': 500,
  canceled: 409,
  destroyed: 410,
  expired: 410,
  'permanent-failure': 500,
  'dependency-failed': 424,
  'group-failed': 409,
};

export function taskError(code: TaskErrorCode, detail?: string): TaskError {
  const error: TaskError = { type: `/errors/${code}`, title: TITLES[code], status: STATUSES[code], code };
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
