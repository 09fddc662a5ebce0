import type { QueueStatsRow, QueueStore } from '../queue-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { StoreContext } from './connection.ts';

// Paused queues, queue depth, and a manual retry.

const Q = loadQueries(new URL('./queue-store.sql', import.meta.url), [
  'queuePause', 'queueResume', 'queuePauseList', 'queueStats', 'queueThroughput', 'taskRetry',
] as const);

export function postgresQueueStore(ctx: StoreContext): QueueStore {
  const sql = ctx.queries(Q);

  return {
    async queuePause({ type, tenant, now }) {
      return (await sql.rows('queuePause', [type, tenant, now])).length > 0;
    },

    async queueResume({ type, tenant }) {
      const resumed = (await sql.rows('queueResume', [type, tenant])).length > 0;
      if (resumed) ctx.ex.emit({ kind: 'available', type });
      return resumed;
    },

    async queuePauseList({ tenant }) {
      return (await sql.rows('queuePauseList', [tenant])).map((r) => ({
        type: r.type as string,
        tenant: r.tenant as string,
        pausedAt: r.paused_at as number,
      }));
    },

    async queueThroughput({ tenant, type, since, bucketMs }) {
      return (await sql.rows('queueThroughput', [tenant, type, since, bucketMs])).map((r) => ({
        at: Number(r.at),
        succeeded: Number(r.succeeded),
        failed: Number(r.failed),
      }));
    },

    async queueStats({ tenant }) {
      return (await sql.rows('queueStats', [tenant])).map((r) => ({
        type: r.type as string,
        status: r.status as QueueStatsRow['status'],
        count: r.count as number,
        oldestRunAt: (r.oldest as number | null) ?? null,
      }));
    },

    async taskRetry({ tenant, id, now, expiresAt }) {
      const rows = await sql.rows('taskRetry', [tenant, id, now, expiresAt]);
      return rows.length ? ctx.emitOne(rows) : null;
    },
  };
}
