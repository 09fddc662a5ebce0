import type { BatchResponseRow, BatchRow, BatchStatus, BatchStore } from '../batch-store.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';

// Durable batches: the row with its lease, the recorded responses, the linked tasks. A dispatch's
// record locks the batch row and checks the lease token in the same transaction, so a node that
// lost the lease records nothing.

const Q = loadQueries(new URL('./batch-store.sql', import.meta.url), [
  'batchCreate', 'batchGet', 'batchList', 'batchResponses', 'batchClaim', 'batchHeartbeat', 'batchLeaseHeld',
  'batchResponseInsert', 'batchTaskLink', 'batchRecordDone', 'batchDispatched', 'batchListCompletable',
  'batchComplete', 'batchCompletedEvent', 'batchEventsTake', 'batchTaskSummary', 'batchTaskIds', 'batchPurge',
] as const);

function batchFromRow(r: Row): BatchRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    keyId: r.key_id as string,
    admin: r.admin as boolean,
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

function responseFromRow(r: Row): BatchResponseRow {
  return { index: r.request_index as number, status: r.status as number, headersJson: r.headers as string, bodyJson: (r.body as string | null) ?? null };
}

export function postgresBatchStore(ctx: StoreContext): BatchStore {
  const sql = ctx.queries(Q);
  return {
    async batchCreate({ batch, lease }) {
      const rows = await sql.rows('batchCreate', [
        batch.id,
        batch.tenant,
        batch.keyId,
        batch.admin,
        batch.requestsJson,
        batch.total,
        lease.owner,
        lease.token,
        lease.expiresAt,
        batch.createdAt,
        batch.expiresAt,
      ]);
      return batchFromRow(rows[0]!);
    },

    async batchGet({ tenant, id }) {
      const row = (await sql.rows('batchGet', [id, tenant]))[0];
      return row ? batchFromRow(row) : null;
    },

    async batchList(p) {
      const statuses = p.statuses?.length ? p.statuses : null;
      const cursor = p.cursor ? decodeListCursor(p.cursor) : null;
      const list = (await sql.rows('batchList', [p.tenant, statuses, cursor, p.limit + 1])).map(batchFromRow);
      const more = list.length > p.limit;
      if (more) list.length = p.limit;
      return { batches: list, nextCursor: more ? encodeListCursor(list[list.length - 1]!.seq) : null };
    },

    async batchResponses({ id }) {
      return (await sql.rows('batchResponses', [id])).map(responseFromRow);
    },

    async batchClaim(p) {
      const rows = await sql.rows('batchClaim', [p.owner, p.leaseMs, p.now, p.limit]);
      return rows.map((r) => ({ batch: batchFromRow(r), leaseToken: r.lease_token as string }));
    },

    async batchHeartbeat(p) {
      return (await sql.rows('batchHeartbeat', [p.id, p.leaseToken, p.leaseMs, p.now])).length > 0;
    },

    batchRecord(p) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        if ((await tx.rows('batchLeaseHeld', [p.id, p.leaseToken])).length === 0) return false;
        const r = p.responses;
        const inserted =
          r.length === 0
            ? []
            : await tx.rows('batchResponseInsert', [p.id, r.map((x) => x.index), r.map((x) => x.status), r.map((x) => x.headersJson), r.map((x) => x.bodyJson)]);
        if (p.taskIds.length > 0) await tx.run('batchTaskLink', [p.id, p.taskIds]);
        await tx.run('batchRecordDone', [p.id, inserted.length, p.now]);
        return true;
      });
    },

    async batchDispatched(p) {
      const row = (await sql.rows('batchDispatched', [p.id, p.leaseToken, p.now]))[0];
      return row ? batchFromRow(row) : null;
    },

    async batchListCompletable({ limit }) {
      return (await sql.rows('batchListCompletable', [limit])).map((r) => r.id as string);
    },

    batchComplete(p) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const row = (await tx.rows('batchComplete', [p.id, p.now]))[0];
        if (!row) return null;
        const batch = batchFromRow(row);
        await tx.run('batchCompletedEvent', [batch.tenant, batch.id, p.now, p.eventDataJson]);
        return batch;
      });
    },

    async batchEventsTake({ limit }) {
      return (await sql.rows('batchEventsTake', [limit])).map((r) => ({
        id: r.id as number,
        tenant: r.tenant as string,
        batchId: r.task_id as string,
        type: 'batch.completed' as const,
        createdAt: r.created_at as number,
        batch: r.data as Record<string, unknown>,
      }));
    },

    async batchTaskSummary({ id, now }) {
      return (await sql.rows('batchTaskSummary', [id, now])).map((r) => ({
        type: r.type as string,
        status: r.status as never,
        count: r.count as number,
        reported: r.reported as number,
        reportedPercentSum: r.reported_percent_sum as number,
        started: r.started as number,
        elapsedMsSum: r.elapsed_ms_sum as number,
      }));
    },

    async batchTaskIds({ id, limit }) {
      return (await sql.rows('batchTaskIds', [id, limit])).map((r) => r.task_id as string);
    },

    async batchPurge({ now, limit }) {
      return (await sql.rows('batchPurge', [now, limit]))[0]!.n as number;
    },
  };
}
