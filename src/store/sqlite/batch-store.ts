import type { BatchResponseRow, BatchRow, BatchStatus, BatchStore } from '../batch-store.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import type { SqlRow } from './row-mapping.ts';

// Durable batches: the row with its lease, the recorded responses, the linked tasks. Each write of a
// dispatch checks the lease token first, in the same write transaction.

const Q = loadQueries(new URL('./batch-store.sql', import.meta.url), [
  'batchCreate', 'batchGet', 'batchList', 'batchResponses', 'batchClaim', 'batchHeartbeat', 'batchLeaseHeld',
  'batchResponseInsert', 'batchTaskLink', 'batchRecordDone', 'batchDispatched', 'batchListCompletable',
  'batchComplete', 'batchCompletedEvent', 'batchEventsTake', 'batchCompletedOutbox', 'batchTaskSummary', 'batchTaskIds',
  'batchPurgeIds', 'batchPurgeResponses', 'batchPurgeTasks', 'batchPurgeRows',
] as const);

function batchFromRow(r: SqlRow): BatchRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    keyId: r.key_id as string,
    admin: r.admin === 1,
    status: r.status as BatchStatus,
    requestsJson: r.requests as string,
    total: r.total as number,
    done: r.done as number,
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseExpiresAt: (r.lease_expires_at as number | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    dispatchedAt: (r.dispatched_at as number | null) ?? null,
    completedAt: (r.completed_at as number | null) ?? null,
    expiresAt: r.expires_at as number,
    version: r.version as number,
    seq: r.seq as number,
  };
}

function responseFromRow(r: SqlRow): BatchResponseRow {
  return { index: r.request_index as number, status: r.status as number, headersJson: r.headers as string, bodyJson: (r.body as string | null) ?? null };
}

export function sqliteBatchStore(c: SqliteConnection): SyncPart<BatchStore> {
  const sql = c.queries(Q);
  return {
    batchCreate({ batch, lease }, sink) {
      return c.write1(sink, () =>
        batchFromRow(
          sql.get('batchCreate', {
            ...batch,
            admin: batch.admin ? 1 : 0,
            leaseOwner: lease.owner,
            leaseToken: lease.token,
            leaseExpiresAt: lease.expiresAt,
          })!,
        ),
      );
    },

    batchGet(p) {
      const r = sql.get('batchGet', p);
      return r ? batchFromRow(r) : null;
    },

    batchList(p) {
      const list = sql
        .all('batchList', {
          tenant: p.tenant,
          statuses: p.statuses?.length ? JSON.stringify(p.statuses) : null,
          cursor: p.cursor ? decodeListCursor(p.cursor) : null,
          limit: p.limit + 1,
        })
        .map(batchFromRow);
      const more = list.length > p.limit;
      if (more) list.length = p.limit;
      return { batches: list, nextCursor: more ? encodeListCursor(list[list.length - 1]!.seq) : null };
    },

    batchResponses(p) {
      return sql.all('batchResponses', p).map(responseFromRow);
    },

    batchClaim(p, sink) {
      return c.write1(sink, () =>
        sql.all('batchClaim', p).map((r) => ({ batch: batchFromRow(r), leaseToken: r.lease_token as string })),
      );
    },

    batchHeartbeat(p, sink) {
      return c.write1(sink, () => sql.get('batchHeartbeat', p) !== undefined);
    },

    batchRecord(p, sink) {
      return c.write(sink, () => {
        if (!sql.get('batchLeaseHeld', p)) return false;
        let added = 0;
        for (const r of p.responses) added += Number(sql.run('batchResponseInsert', { id: p.id, ...r }).changes);
        if (p.taskIds.length > 0) sql.run('batchTaskLink', { id: p.id, taskIds: JSON.stringify(p.taskIds) });
        sql.run('batchRecordDone', { id: p.id, added, now: p.now });
        return true;
      });
    },

    batchDispatched(p, sink) {
      return c.write1(sink, () => {
        const r = sql.get('batchDispatched', p);
        return r ? batchFromRow(r) : null;
      });
    },

    batchListCompletable(p) {
      return sql.all('batchListCompletable', p).map((r) => r.id as string);
    },

    batchComplete(p, sink) {
      return c.write(sink, () => {
        const r = sql.get('batchComplete', p);
        if (!r) return null;
        const batch = batchFromRow(r);
        const event = sql.get('batchCompletedEvent', { tenant: batch.tenant, id: batch.id, now: p.now, data: p.eventDataJson });
        if (event) sql.run('batchCompletedOutbox', { eventId: event.id });
        return batch;
      });
    },

    batchEventsTake(p) {
      return sql.all('batchEventsTake', p).map((r) => ({
        id: r.id as number,
        tenant: r.tenant as string,
        batchId: r.task_id as string,
        type: 'batch.completed' as const,
        createdAt: r.created_at as number,
        batch: JSON.parse(r.data as string) as Record<string, unknown>,
      }));
    },

    batchTaskSummary(p) {
      return sql.all('batchTaskSummary', p).map((r) => ({
        type: r.type as string,
        status: r.status as never,
        count: r.count as number,
        reported: r.reported as number,
        reportedPercentSum: r.reported_percent_sum as number,
        started: r.started as number,
        elapsedMsSum: r.elapsed_ms_sum as number,
      }));
    },

    batchTaskIds(p) {
      return sql.all('batchTaskIds', p).map((r) => r.task_id as string);
    },

    batchPurge(p, sink) {
      return c.write(sink, () => {
        const ids = sql.all('batchPurgeIds', p).map((r) => r.id as string);
        if (ids.length === 0) return 0;
        const json = JSON.stringify(ids);
        sql.run('batchPurgeResponses', { ids: json });
        sql.run('batchPurgeTasks', { ids: json });
        sql.run('batchPurgeRows', { ids: json });
        return ids.length;
      });
    },
  };
}
