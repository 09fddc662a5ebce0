import type { QueueStatsRow, QueueStore } from '../queue-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { taskFromRow } from './row-mapping.ts';

// Paused queues, queue depth, and a manual retry.

const Q = loadQueries(new URL('./queue-store.sql', import.meta.url), [
  'queuePause', 'queueResume', 'queuePauseList', 'queueStats', 'queueThroughput', 'taskRetry',
] as const);

export function sqliteQueueStore(c: SqliteConnection): SyncPart<QueueStore> {
  const sql = c.queries(Q);

  return {
    queuePause: (p, sink) => c.write1(sink, () => sql.get('queuePause', p) !== undefined),

    queueResume(p, sink) {
      return c.write1(sink, (local) => {
        const resumed = sql.get('queueResume', p) !== undefined;
        if (resumed) local.available.add(p.type);
        return resumed;
      });
    },

    queuePauseList: (p) =>
      sql.all('queuePauseList', p).map((r) => ({ type: r.type as string, tenant: r.tenant as string, pausedAt: r.paused_at as number })),

    queueThroughput: (p) =>
      sql.all('queueThroughput', p).map((r) => ({ at: r.at as number, succeeded: Number(r.succeeded), failed: Number(r.failed) })),

    queueStats: (p) =>
      sql.all('queueStats', p).map((r) => ({
        type: r.type as string,
        status: r.status as QueueStatsRow['status'],
        count: r.count as number,
        oldestRunAt: (r.oldest as number | null) ?? null,
      })),

    taskRetry(p, sink) {
      return c.write1(sink, (local) => {
        const r = sql.get('taskRetry', p);
        if (!r) return null;
        const task = taskFromRow(r);
        local.changed.push(task.id);
        local.available.add(task.type);
        return task;
      });
    },
  };
}
