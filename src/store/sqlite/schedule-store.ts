import type { ScheduleRow, ScheduleStore } from '../schedule-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import type { SqlRow } from './row-mapping.ts';

// Recurring submissions; a tick is claimed by the compare-and-set of scheduleAdvance.

const Q = loadQueries(new URL('./schedule-store.sql', import.meta.url), [
  'scheduleCreate', 'scheduleGet', 'scheduleList', 'scheduleSetPaused', 'scheduleDelete', 'scheduleListDue', 'scheduleAdvance',
] as const);

function scheduleFromRow(r: SqlRow): ScheduleRow {
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

export function sqliteScheduleStore(c: SqliteConnection): SyncPart<ScheduleStore> {
  const sql = c.queries(Q);
  const one = (r: SqlRow | undefined) => (r ? scheduleFromRow(r) : null);

  return {
    scheduleCreate({ schedule }, sink) {
      c.write1(sink, () => sql.run('scheduleCreate', schedule));
    },
    scheduleGet: (p) => one(sql.get('scheduleGet', p)),
    scheduleList: (p) => sql.all('scheduleList', p).map(scheduleFromRow),
    scheduleSetPaused: (p, sink) => c.write1(sink, () => one(sql.get('scheduleSetPaused', p))),
    scheduleDelete: (p, sink) => c.write1(sink, () => sql.get('scheduleDelete', p) !== undefined),
    scheduleListDue: (p) => sql.all('scheduleListDue', p).map(scheduleFromRow),
    scheduleAdvance: (p, sink) => c.write1(sink, () => sql.get('scheduleAdvance', p) !== undefined),
  };
}
