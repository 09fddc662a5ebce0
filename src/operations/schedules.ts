import { Cron } from 'croner';
import type { Config } from '../config/defaults.ts';
import { isWellFormedId, newId } from '../domain/ids.ts';
import { type FieldError, ProblemError } from '../domain/problems.ts';
import type { ScheduleRow } from '../store/schedule-store.ts';
import type { Store } from '../store/store.ts';
import { fieldProblem, type Submitter } from './submitter.ts';

// Recurring tasks (POST/GET /v1/schedules, GET/DELETE /v1/schedules/{id}, …/pause, …/resume): a
// cron expression (five fields, or six with seconds; croner) read in `timezone` (IANA, default
// UTC) and a submission body. Each tick submits one task (src/operations/schedule-ticks.ts). The
// body is validated now, exactly as a submission would be, so a schedule cannot fail every tick.

export interface ScheduleBody {
  cron: string;
  timezone?: string;
  task: Record<string, unknown>;
  overlap?: 'skip' | 'allow';
}

export interface ScheduleDeps {
  config: Readonly<Config>;
  submitter: Submitter;
  now: () => number;
}

/** Metadata keys every scheduled task carries: which schedule and which tick made it. */
export const SCHEDULE_METADATA_KEYS = ['scheduleId', 'scheduledFor'] as const;

/** The parsed expression; throws a 422 pointing at /cron or /timezone. */
export function parseCron(cron: string, timezone: string): Cron {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw fieldProblem('/timezone', 'must be an IANA time zone name (e.g. Europe/Berlin)');
  }
  let parsed: Cron;
  try {
    parsed = new Cron(cron, { timezone, paused: true, mode: '5-or-6-parts' });
  } catch (err) {
    throw fieldProblem('/cron', `is not a cron expression: ${(err as Error).message}`);
  }
  return parsed;
}

/** The first tick after `after`, or null when the expression never fires again. */
export function nextTick(cron: Cron, after: number): number | null {
  return cron.nextRun(new Date(after))?.getTime() ?? null;
}

function withPointerPrefix(err: unknown, prefix: string): unknown {
  if (!(err instanceof ProblemError)) return err;
  const errors = (err.extensions.errors as FieldError[] | undefined)?.map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` }));
  const detail = errors ? errors.map((e) => `${e.pointer} ${e.detail}`).join('; ') : `${prefix}: ${err.message}`;
  return new ProblemError(err.code, detail, { extensions: { ...err.extensions, ...(errors ? { errors } : {}) } });
}

export async function createSchedule(
  store: Store,
  params: { tenant: string; body: ScheduleBody },
  deps: ScheduleDeps,
): Promise<ScheduleRow> {
  const { body, tenant } = params;
  const timezone = body.timezone ?? 'UTC';
  const cron = parseCron(body.cron, timezone);
  const now = deps.now();
  const first = nextTick(cron, now);
  if (first === null) throw fieldProblem('/cron', 'never fires');
  const task = body.task;
  if (task.customId !== undefined) throw fieldProblem('/task/customId', 'cannot be used: a schedule submits a new task every tick');
  if (task.runAt !== undefined) throw fieldProblem('/task/runAt', 'cannot be used: the schedule decides when tasks run (delaySeconds can)');
  const metadata = (task.metadata ?? {}) as Record<string, unknown>;
  for (const key of SCHEDULE_METADATA_KEYS) {
    if (key in metadata) throw fieldProblem(`/task/metadata/${key}`, 'is set by the schedule on every task it submits');
  }
  if (Object.keys(metadata).length > deps.config.limits.metadataKeys - SCHEDULE_METADATA_KEYS.length) {
    throw fieldProblem('/task/metadata', `must have at most ${deps.config.limits.metadataKeys - SCHEDULE_METADATA_KEYS.length} keys (the schedule adds ${SCHEDULE_METADATA_KEYS.join(' and ')})`);
  }
  try {
    deps.submitter.prepare(tenant, scheduledBody(task, 'sch_0', now), now);
  } catch (err) {
    throw withPointerPrefix(err, '/task');
  }
  const row: ScheduleRow = {
    id: newId('sch'),
    tenant,
    cron: body.cron,
    timezone,
    taskJson: JSON.stringify(task),
    overlap: body.overlap ?? 'allow',
    pausedAt: null,
    nextRunAt: first,
    lastTickAt: null,
    lastTaskId: null,
    ticks: 0,
    skipped: 0,
    createdAt: now,
    updatedAt: now,
  };
  await store.scheduleCreate({ schedule: row });
  return row;
}

/** A tick's submission body: the schedule's, with the schedule and the tick in its metadata. */
export function scheduledBody(task: Record<string, unknown>, scheduleId: string, tickAt: number): Record<string, unknown> {
  const metadata = { ...((task.metadata as Record<string, unknown> | undefined) ?? {}), scheduleId, scheduledFor: new Date(tickAt).toISOString() };
  return { ...task, metadata };
}

function notFound(id: string): ProblemError {
  return new ProblemError('schedule-not-found', `No schedule ${id}.`);
}

export async function getSchedule(store: Store, params: { tenant: string | null; id: string }): Promise<ScheduleRow> {
  if (!isWellFormedId(params.id, 'sch')) throw notFound(params.id);
  const row = await store.scheduleGet(params);
  if (!row) throw notFound(params.id);
  return row;
}

export async function listSchedules(
  store: Store,
  params: { tenant: string | null; limit: number; cursor: string | null },
): Promise<{ items: ScheduleRow[]; nextCursor: string | null }> {
  const after = params.cursor && isWellFormedId(params.cursor, 'sch') ? params.cursor : null;
  if (params.cursor && !after) throw fieldProblem('/query/cursor', 'is not a cursor this list gave out');
  const rows = await store.scheduleList({ tenant: params.tenant, limit: params.limit + 1, after });
  const items = rows.slice(0, params.limit);
  return { items, nextCursor: rows.length > params.limit ? items.at(-1)!.id : null };
}

/**
 * Pause: no tick is submitted until resumed. Resume: ticks start again from the next one after
 * now — those that fell in the pause are not submitted.
 */
export async function setSchedulePaused(
  store: Store,
  params: { tenant: string | null; id: string; paused: boolean },
  deps: { now: () => number },
): Promise<ScheduleRow> {
  const current = await getSchedule(store, params);
  const now = deps.now();
  if (params.paused === (current.pausedAt !== null)) return current;
  const nextRunAt = params.paused ? null : nextTick(parseCron(current.cron, current.timezone), now);
  const row = await store.scheduleSetPaused({ tenant: params.tenant, id: params.id, pausedAt: params.paused ? now : null, nextRunAt, now });
  if (!row) throw notFound(params.id);
  return row;
}

export async function deleteSchedule(store: Store, params: { tenant: string | null; id: string }): Promise<void> {
  if (!isWellFormedId(params.id, 'sch') || !(await store.scheduleDelete(params))) throw notFound(params.id);
}
