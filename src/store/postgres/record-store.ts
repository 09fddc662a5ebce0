import { recordedResult, resultColumns } from '../idempotency-record.ts';
import type { IdempotencyBegin, IdempotencyBeginParams, RecordStore } from '../record-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { StoreContext } from './connection.ts';

// The records beside tasks: duration statistics, reserved ids and idempotency keys.

const Q = loadQueries(new URL('./record-store.sql', import.meta.url), [
  'typeStatsGet', 'typeStatsAll', 'reservationCreate', 'reservationTake', 'reservationPurge', 'idempotencyGet',
  'idempotencyBegin', 'idempotencyRelock', 'idempotencyAttach', 'idempotencyFinish', 'idempotencyRelease',
  'idempotencyPurge',
] as const);

export function postgresRecordStore(ctx: StoreContext): RecordStore {
  const sql = ctx.queries(Q);

  return {
    async typeStatsGet({ type }) {
      const row = (await sql.rows('typeStatsGet', [type]))[0];
      return row ? { count: row.count as number, meanMs: row.mean_ms as number } : null;
    },

    async typeStatsAll() {
      const rows = await sql.rows('typeStatsAll', []);
      return new Map(rows.map((r) => [r.type as string, { count: r.count as number, meanMs: r.mean_ms as number }]));
    },

    async reservationCreate({ tenant, id, expiresAt }) {
      await sql.run('reservationCreate', [id, tenant, expiresAt]);
    },

    async reservationTake({ tenant, id, now }) {
      return (await sql.rows('reservationTake', [id, tenant, now])).length > 0;
    },

    async reservationPurge({ now }) {
      return (await sql.run('reservationPurge', [now])).rowCount ?? 0;
    },

    idempotencyBegin(params: IdempotencyBeginParams): Promise<IdempotencyBegin> {
      const { tenant, key, fingerprint, now, lockedUntil, expiresAt } = params;
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const created = await tx.rows('idempotencyBegin', [tenant, key, fingerprint, now, lockedUntil, expiresAt]);
        if (created.length > 0) return { state: 'new' as const };
        const existing = (await tx.rows('idempotencyGet', [tenant, key]))[0];
        // Released by another request between the two statements: try again as new.
        if (!existing) return postgresRecordStore(txCtx).idempotencyBegin(params);
        if (existing.fingerprint !== fingerprint) return { state: 'mismatch' as const };
        const recorded = recordedResult(existing);
        if (existing.state === 'done' && recorded) {
          return { state: 'done' as const, statusCode: existing.status_code as number, ...recorded };
        }
        if ((existing.locked_until as number) > now) return { state: 'in-flight' as const };
        // The request that held the lock died: if it got as far as creating the task (or recording
        // its bulk outcome), replay that.
        if (recorded) return { state: 'done' as const, statusCode: existing.status_code as number, ...recorded };
        await tx.rows('idempotencyRelock', [tenant, key, lockedUntil, now]);
        return { state: 'new' as const };
      });
    },

    async idempotencyAttach(p) {
      const { taskId, outcome } = resultColumns(p);
      await sql.run('idempotencyAttach', [p.tenant, p.key, taskId, p.statusCode, outcome]);
    },

    async idempotencyFinish(p) {
      const { taskId, outcome } = resultColumns(p);
      await sql.run('idempotencyFinish', [p.tenant, p.key, p.statusCode, taskId, outcome]);
    },

    async idempotencyRelease({ tenant, key }) {
      await sql.run('idempotencyRelease', [tenant, key]);
    },

    async idempotencyPurge({ now }) {
      return (await sql.run('idempotencyPurge', [now])).rowCount ?? 0;
    },
  };
}
