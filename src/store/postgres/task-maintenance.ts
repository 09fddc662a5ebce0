import type { TaskError, TaskRow, TaskStatus } from '../../domain/task.ts';
import type { QueueDepthRow, Store } from '../store.ts';
import { compareClaimOrder } from '../../domain/queue-position.ts';
import { taskFromRow } from './row-mapping.ts';
import type { StoreContext } from './store-context.ts';

// Maintenance chores' queries. Each picks its rows with SKIP LOCKED, so chores on several nodes (or
// a chore beside busy runners) never wait on each other's rows.

type TaskMaintenance = Pick<
  Store,
  'taskRescueExpired' | 'taskPromoteDue' | 'taskExpire' | 'taskListDestroyPending' | 'taskQueueDepth'
>;

export function taskMaintenance(ctx: StoreContext): TaskMaintenance {
  return {
    async taskRescueExpired(params: {
      now: number;
      error: TaskError;
      retentionMs: number;
      limit: number;
    }): Promise<{ requeued: TaskRow[]; failed: TaskRow[] }> {
      const rows = await ctx.rows('taskRescueExpired', [
        params.now,
        JSON.stringify(params.error),
        params.retentionMs,
        params.limit,
      ]);
      const tasks = rows.map(taskFromRow);
      ctx.emitTasks(tasks);
      return {
        requeued: tasks.filter((t) => t.status === 'queued').sort(compareClaimOrder),
        failed: tasks.filter((t) => t.status === 'failed'),
      };
    },

    async taskPromoteDue({ now, limit }: { now: number; limit: number }) {
      const rows = await ctx.rows('taskPromoteDue', [now, limit]);
      for (const r of rows) ctx.ex.emit({ kind: 'changed', id: r.id as string });
      for (const type of new Set(rows.map((r) => r.type as string))) ctx.ex.emit({ kind: 'available', type });
      const next = (await ctx.rows('taskPromoteDueNext', []))[0]!.next_run_at as number | null;
      return { promoted: rows.length, nextRunAt: next ?? null };
    },

    async taskExpire(params: {
      now: number;
      error: TaskError;
      retentionMs: number;
      limit: number;
    }): Promise<{ canceled: TaskRow[]; purged: TaskRow[] }> {
      const canceledRows = await ctx.rows('taskExpireCancel', [
        params.now,
        JSON.stringify(params.error),
        params.retentionMs,
        params.limit,
      ]);
      const canceled = canceledRows.map(taskFromRow);
      ctx.emitTasks(canceled);
      const purged = (await ctx.rows('taskExpirePurge', [params.now, params.limit])).map(taskFromRow);
      for (const t of purged) ctx.ex.emit({ kind: 'changed', id: t.id });
      return { canceled, purged };
    },

    async taskListDestroyPending({ limit }: { limit: number }): Promise<TaskRow[]> {
      return (await ctx.rows('taskListDestroyPending', [limit])).map(taskFromRow);
    },

    async taskQueueDepth(): Promise<QueueDepthRow[]> {
      return (await ctx.rows('taskQueueDepth', [])).map((r) => ({
        type: r.type as string,
        status: r.status as TaskStatus,
        count: r.count as number,
      }));
    },
  };
}
