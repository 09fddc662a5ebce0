import { compareClaimOrder } from '../../domain/queue-position.ts';
import type { TaskStatus } from '../../domain/task.ts';
import type { MaintenanceStore } from '../maintenance-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { StoreContext } from './connection.ts';
import { announceDependents } from './graph-store.ts';
import { taskFromRow } from './row-mapping.ts';

// Maintenance chores' queries. Each picks its rows with SKIP LOCKED, so chores on several nodes (or
// a chore beside busy runners) never wait on each other's rows; the chore leases keep each chore on
// one node at a time.

const Q = loadQueries(new URL('./maintenance-store.sql', import.meta.url), [
  'taskRescueExpired', 'taskPromoteDue', 'taskPromoteDueNext', 'taskExpireCancel', 'taskExpirePurge',
  'taskListDestroyPending', 'taskQueueDepth', 'choreLeaseAcquire', 'choreLeaseRelease',
] as const);

export function postgresMaintenanceStore(ctx: StoreContext): MaintenanceStore {
  const sql = ctx.queries(Q);

  return {
    async taskRescueExpired(params) {
      const rows = await sql.rows('taskRescueExpired', [params.now, JSON.stringify(params.error), params.retentionMs, params.limit]);
      const tasks = rows.map(taskFromRow);
      ctx.emitTasks(tasks);
      await announceDependents(ctx, tasks.filter((t) => t.status === 'failed'));
      return {
        requeued: tasks.filter((t) => t.status === 'queued').sort(compareClaimOrder),
        failed: tasks.filter((t) => t.status === 'failed'),
      };
    },

    async taskPromoteDue({ now, limit }) {
      const rows = await sql.rows('taskPromoteDue', [now, limit]);
      for (const r of rows) ctx.ex.emit({ kind: 'changed', id: r.id as string });
      for (const type of new Set(rows.map((r) => r.type as string))) ctx.ex.emit({ kind: 'available', type });
      const next = (await sql.rows('taskPromoteDueNext', []))[0]!.next_run_at as number | null;
      return { promoted: rows.length, nextRunAt: next ?? null };
    },

    async taskExpire(params) {
      const canceledRows = await sql.rows('taskExpireCancel', [params.now, JSON.stringify(params.error), params.retentionMs, params.limit]);
      const canceled = canceledRows.map(taskFromRow);
      ctx.emitTasks(canceled);
      const purged = (await sql.rows('taskExpirePurge', [params.now, params.limit])).map(taskFromRow);
      for (const t of purged) ctx.ex.emit({ kind: 'changed', id: t.id });
      return { canceled, purged };
    },

    async taskListDestroyPending({ limit }) {
      return (await sql.rows('taskListDestroyPending', [limit])).map(taskFromRow);
    },

    async taskQueueDepth() {
      return (await sql.rows('taskQueueDepth', [])).map((r) => ({
        type: r.type as string,
        status: r.status as TaskStatus,
        count: r.count as number,
        oldestRunAt: r.oldest_run_at === null ? null : Number(r.oldest_run_at),
      }));
    },

    async choreLeaseAcquire(p) {
      return (await sql.rows('choreLeaseAcquire', [p.name, p.holder, p.now, p.ttlMs])).length > 0;
    },

    async choreLeaseRelease({ name, holder }) {
      await sql.run('choreLeaseRelease', [name, holder]);
    },
  };
}
