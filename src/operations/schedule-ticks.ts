import { isTerminal } from '../domain/task.ts';
import { ProblemError } from '../domain/problems.ts';
import type { ScheduleRow } from '../store/schedule-store.ts';
import type { Store } from '../store/store.ts';
import type { OperationLog } from './operation-log.ts';
import { nextTick, parseCron, type ScheduleDeps, scheduledBody } from './schedules.ts';

// Submits the due ticks of every schedule. Every node runs this (no chore lease, so no failover
// gap): a tick becomes a task only in the transaction that moves the schedule's nextRunAt on from
// exactly the value read (scheduleAdvance), so however many nodes see a tick, one submits it.
//
// Missed ticks (every node was down, or the schedule fell behind): one catch-up submission for the
// latest tick that passed, the earlier ones are skipped — a schedule never floods its queue after
// an outage. `overlap: "skip"`: a tick whose previous task is still pending, queued or running is
// skipped (counted in `skipped`).

const BATCH = 100;

export async function runDueSchedules(store: Store, deps: ScheduleDeps & { log: OperationLog }): Promise<number> {
  const now = deps.now();
  let submitted = 0;
  for (const schedule of await store.scheduleListDue({ now, limit: BATCH })) {
    try {
      if (await submitTick(store, schedule, now, deps)) submitted += 1;
    } catch (err) {
      deps.log.warn({ err, scheduleId: schedule.id }, 'schedule tick failed; retrying at the next look');
    }
  }
  return submitted;
}

/** The tick this run submits and the next one, after the missed-tick rule. */
export function tickOf(schedule: Pick<ScheduleRow, 'cron' | 'timezone' | 'nextRunAt'>, now: number): { tickAt: number; next: number | null } {
  const cron = parseCron(schedule.cron, schedule.timezone);
  const due = schedule.nextRunAt!;
  const following = nextTick(cron, due);
  if (following === null || following > now) return { tickAt: due, next: following };
  // More than one tick passed: the latest one ≤ now is the catch-up (ticks are whole seconds, and
  // previousRuns answers the latest strictly before its reference, so now + 1 s finds one ≤ now).
  const latest = cron.previousRuns(1, new Date(now + 1000))[0]?.getTime() ?? due;
  const tickAt = Math.max(due, latest <= now ? latest : due);
  return { tickAt, next: nextTick(cron, tickAt) };
}

async function submitTick(store: Store, schedule: ScheduleRow, now: number, deps: ScheduleDeps & { log: OperationLog }): Promise<boolean> {
  const { tickAt, next } = tickOf(schedule, now);
  const task = JSON.parse(schedule.taskJson) as Record<string, unknown>;
  let prepared: ReturnType<ScheduleDeps['submitter']['prepare']> | null = null;
  try {
    prepared = deps.submitter.prepare(schedule.tenant, scheduledBody(task, schedule.id, tickAt), now);
  } catch (err) {
    // The body was valid when the schedule was created; the task type may have gone since.
    if (!(err instanceof ProblemError)) throw err;
    deps.log.warn({ scheduleId: schedule.id, code: err.code, detail: err.message }, 'schedule tick skipped: its task is no longer valid');
  }
  return store.withTransaction(async (tx) => {
    let skip = prepared === null;
    if (!skip && schedule.overlap === 'skip' && schedule.lastTaskId) {
      const last = await tx.taskGet({ tenant: null, id: schedule.lastTaskId });
      skip = last !== null && !isTerminal(last.status);
    }
    const taskId = skip ? null : prepared!.task.id;
    const won = await tx.scheduleAdvance({ id: schedule.id, expected: schedule.nextRunAt!, nextRunAt: next, tickAt, taskId, now });
    if (!won || skip) return false;
    await deps.submitter.insert(tx, prepared!);
    return true;
  });
}
