import type { TaskRow } from './task.ts';

// A task's queue position ("runnable tasks ahead of this one", the task document's `position`) computed from the head of its
// type's queue: the first `cap` queued tasks in claim order (priority DESC, runAt, seq), as the
// store's tasks_queue index yields them.

/** One queued task as the claim order sees it. */
export interface QueueEntry {
  priority: number;
  runAt: number;
  seq: number;
}

/** Negative when `a` is claimed before `b`. */
export function compareClaimOrder(a: QueueEntry, b: QueueEntry): number {
  return b.priority - a.priority || a.runAt - b.runAt || a.seq - b.seq;
}

/**
 * Tasks of `head` claimed before `task`, by binary search: exact while fewer than `cap` are ahead;
 * `cap` ("at least cap") when the head is full and the task sorts after all of it. A task that is not
 * queued has no position (0), like the store's former per-task count.
 */
export function positionIn(head: readonly QueueEntry[], task: Pick<TaskRow, 'status'> & QueueEntry, cap: number): number {
  if (task.status !== 'queued') return 0;
  let lo = 0;
  let hi = head.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareClaimOrder(head[mid]!, task) < 0) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cap);
}
