import { compareClaimOrder } from '../../domain/queue-position.ts';
import type { TaskRow } from '../../domain/task.ts';
import type { MaintenanceStore } from '../maintenance-store.ts';
import { loadQueries } from '../sql-file.ts';
import { announceDependents, graphQueries } from './graph-store.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { taskFromRow } from './row-mapping.ts';

// Maintenance chores' queries. Each is one bounded statement under the write lock, so a chore
// holds it briefly however long the queue is; the chore leases keep each chore on one process.

const Q = loadQueries(new URL('./maintenance-store.sql', import.meta.url), [
  'taskRescueExpired', 'taskPromoteDue', 'taskPromoteDueNext', 'taskExpireCancel', 'taskExpirePurge',
  'taskExpireTombstone', 'taskExpireLinks', 'taskListDestroyPending', 'taskQueueDepth',
  'choreLeaseAcquire', 'choreLeaseRelease',
] as const);

export function sqliteMaintenanceStore(c: SqliteConnection): SyncPart<MaintenanceStore> {
  const sql = c.queries(Q);
  const tasks = (name: keyof typeof Q, params: object) => sql.all(name, params).map(taskFromRow);
  const graph = graphQueries(c);

  return {
    taskRescueExpired(p, sink) {
      return c.write1(sink, (local) => {
        const all = tasks('taskRescueExpired', { ...p, error: JSON.stringify(p.error) });
        const requeued = all.filter((t) => t.status === 'queued').sort(compareClaimOrder);
        const failed = all.filter((t) => t.status === 'failed');
        for (const t of all) local.changed.push(t.id);
        for (const t of requeued) local.available.add(t.type);
        announceDependents(graph, failed, local);
        return { requeued, failed };
      });
    },

    taskPromoteDue(p, sink) {
      return c.write1(sink, (local) => {
        const promoted = sql.all('taskPromoteDue', p);
        for (const r of promoted) {
          local.changed.push(r.id as string);
          local.available.add(r.type as string);
        }
        const next = sql.get('taskPromoteDueNext')?.next;
        return { promoted: promoted.length, nextRunAt: typeof next === 'number' ? next : null };
      });
    },

    taskExpire(p, sink) {
      return c.write(sink, (local) => {
        const canceled = tasks('taskExpireCancel', { ...p, error: JSON.stringify(p.error) });
        const purged = tasks('taskExpirePurge', { now: p.now, limit: p.limit });
        for (const t of purged) {
          sql.run('taskExpireTombstone', { id: t.id, tenant: t.tenant, reason: 'expired', at: p.now });
          sql.run('taskExpireLinks', { id: t.id, tenant: t.tenant });
        }
        for (const t of [...canceled, ...purged]) local.changed.push(t.id);
        return { canceled, purged };
      });
    },

    taskListDestroyPending: (p) => tasks('taskListDestroyPending', p),

    taskQueueDepth: () =>
      sql.all('taskQueueDepth').map((r) => ({
        type: r.type as string,
        status: r.status as TaskRow['status'],
        count: r.count as number,
        oldestRunAt: (r.oldest_run_at as number | null) ?? null,
      })),

    choreLeaseAcquire: (p, sink) => c.write1(sink, () => sql.get('choreLeaseAcquire', p) !== undefined),

    choreLeaseRelease(p, sink) {
      c.write1(sink, () => sql.run('choreLeaseRelease', p));
    },
  };
}
