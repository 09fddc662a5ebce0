import type { ScheduleRow, ScheduleStore } from '../schedule-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';

// Recurring submissions; a tick is claimed by the compare-and-set of scheduleAdvance.

const Q = loadQueries(new URL('./schedule-store.sql', import.meta.url), [
  'scheduleCreate', 'scheduleGet', 'scheduleList', 'scheduleSetPaused', 'scheduleDelete', 'scheduleListDue', 'scheduleAdvance',
] as const);

function scheduleFromRow(r: Row): ScheduleRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    cron: r.cron as string,
    timezone: r.timezone as string,
    taskJson: r.task as string,
    overlap: r.overlap as ScheduleRow['overlap'],
    pausedAt: (r.paused_at as number | null) ?? null,
    nextRunAt: (r.next_run_at as number | null) ?? null,
    lastTickAt: (r.last_tick_at as number | null) ?? null,
    lastTaskId: (r.last_task_id as string | null) ?? null,
    ticks: r.ticks as number,
    skipped: r.skipped as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function postgresScheduleStore(ctx: StoreContext): ScheduleStore {
  const sql = ctx.queries(Q);
  const one = (rows: Row[]) => (rows[0] ? scheduleFromRow(rows[0]) : null);

  return {
    async scheduleCreate({ schedule: s }) {
      await sql.run('scheduleCreate', [
        s.id, s.tenant, s.cron, s.timezone, s.taskJson, s.overlap, s.pausedAt, s.nextRunAt, s.lastTickAt,
        s.lastTaskId, s.ticks, s.skipped, s.createdAt, s.updatedAt,
      ]);
    },
    async scheduleGet({ tenant, id }) {
      return one(await sql.rows('scheduleGet', [tenant, id]));
    },
    async scheduleList({ tenant, after, limit }) {
      return (await sql.rows('scheduleList', [tenant, after, limit])).map(scheduleFromRow);
    },
    async scheduleSetPaused({ tenant, id, pausedAt, nextRunAt, now }) {
      return one(await sql.rows('scheduleSetPaused', [tenant, id, pausedAt, nextRunAt, now]));
    },
    async scheduleDelete({ tenant, id }) {
      return (await sql.rows('scheduleDelete', [tenant, id])).length > 0;
    },
    async scheduleListDue({ now, limit }) {
      return (await sql.rows('scheduleListDue', [now, limit])).map(scheduleFromRow);
    },
    async scheduleAdvance({ id, expected, nextRunAt, tickAt, taskId, now }) {
      return (await sql.rows('scheduleAdvance', [id, expected, nextRunAt, tickAt, taskId, now])).length > 0;
    },
  };
}
