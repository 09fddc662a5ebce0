import type { DurationStats } from '../../domain/estimates.ts';
import type { ApiKeyRow, IdempotencyBegin, IdempotencyResult, Store } from '../store.ts';
import { recordedResult, resultColumns } from '../idempotency-record.ts';
import { apiKeyFromRow } from './row-mapping.ts';
import type { StoreContext } from './store-context.ts';

// The store's records beside tasks: duration statistics, reserved ids, idempotency keys, chore leases
// and API keys.

type Records = Pick<
  Store,
  | 'typeStatsGet'
  | 'typeStatsAll'
  | 'reservationCreate'
  | 'reservationTake'
  | 'reservationPurge'
  | 'idempotencyBegin'
  | 'idempotencyAttach'
  | 'idempotencyFinish'
  | 'idempotencyRelease'
  | 'idempotencyPurge'
  | 'choreLeaseAcquire'
  | 'choreLeaseRelease'
  | 'apiKeyCreate'
  | 'apiKeyByHash'
  | 'apiKeyList'
  | 'apiKeyRevoke'
  | 'apiKeyCount'
>;

type IdempotencyUpdate = { tenant: string; key: string; statusCode: number } & IdempotencyResult;

export function records(ctx: StoreContext): Records {
  return {
    async typeStatsGet({ type }: { type: string }): Promise<DurationStats | null> {
      const row = (await ctx.rows('typeStatsGet', [type]))[0];
      return row ? { count: row.count as number, meanMs: row.mean_ms as number } : null;
    },

    async typeStatsAll(): Promise<Map<string, DurationStats>> {
      const rows = await ctx.rows('typeStatsAll', []);
      return new Map(rows.map((r) => [r.type as string, { count: r.count as number, meanMs: r.mean_ms as number }]));
    },

    async reservationCreate({ tenant, id, expiresAt }: { tenant: string; id: string; expiresAt: number }): Promise<void> {
      await ctx.run('reservationCreate', [id, tenant, expiresAt]);
    },

    async reservationTake({ tenant, id, now }: { tenant: string; id: string; now: number }): Promise<boolean> {
      return (await ctx.rows('reservationTake', [id, tenant, now])).length > 0;
    },

    async reservationPurge({ now }: { now: number }): Promise<number> {
      return (await ctx.run('reservationPurge', [now])).rowCount ?? 0;
    },

    idempotencyBegin(params: {
      tenant: string;
      key: string;
      fingerprint: string;
      now: number;
      lockedUntil: number;
      expiresAt: number;
    }): Promise<IdempotencyBegin> {
      const { tenant, key, fingerprint, now, lockedUntil, expiresAt } = params;
      return ctx.tx(async (tx) => {
        const created = await tx.rows('idempotencyBegin', [tenant, key, fingerprint, now, lockedUntil, expiresAt]);
        if (created.length > 0) return { state: 'new' as const };
        const existing = (await tx.rows('idempotencyBeginExisting', [tenant, key]))[0];
        // Released by another request between the two statements: try again as new.
        if (!existing) return records(tx).idempotencyBegin(params);
        if (existing.fingerprint !== fingerprint) return { state: 'mismatch' as const };
        const recorded = recordedResult(existing);
        if (existing.state === 'done' && recorded) {
          return { state: 'done' as const, statusCode: existing.status_code as number, ...recorded };
        }
        if ((existing.locked_until as number) > now) return { state: 'in-flight' as const };
        // The request that held the lock died: if it got as far as creating the task (or recording
        // its bulk outcome), replay that.
        if (recorded) return { state: 'done' as const, statusCode: existing.status_code as number, ...recorded };
        await tx.rows('idempotencyBeginTakeOver', [tenant, key, lockedUntil, now]);
        return { state: 'new' as const };
      });
    },

    async idempotencyAttach(p: IdempotencyUpdate): Promise<void> {
      const { taskId, outcome } = resultColumns(p);
      await ctx.run('idempotencyAttach', [p.tenant, p.key, taskId, p.statusCode, outcome]);
    },

    async idempotencyFinish(p: IdempotencyUpdate): Promise<void> {
      const { taskId, outcome } = resultColumns(p);
      await ctx.run('idempotencyFinish', [p.tenant, p.key, p.statusCode, taskId, outcome]);
    },

    async idempotencyRelease({ tenant, key }: { tenant: string; key: string }): Promise<void> {
      await ctx.run('idempotencyRelease', [tenant, key]);
    },

    async idempotencyPurge({ now }: { now: number }): Promise<number> {
      return (await ctx.run('idempotencyPurge', [now])).rowCount ?? 0;
    },

    async choreLeaseAcquire(p: { name: string; holder: string; ttlMs: number; now: number }): Promise<boolean> {
      return (await ctx.rows('choreLeaseAcquire', [p.name, p.holder, p.now, p.ttlMs])).length > 0;
    },

    async choreLeaseRelease({ name, holder }: { name: string; holder: string }): Promise<void> {
      await ctx.run('choreLeaseRelease', [name, holder]);
    },

    async apiKeyCreate({ key, hash }: { key: ApiKeyRow; hash: string }): Promise<void> {
      await ctx.run('apiKeyCreate', [
        key.id,
        key.tenant,
        key.name,
        hash,
        key.admin,
        key.createdAt,
        key.revokedAt,
        key.lastUsedAt,
      ]);
    },

    async apiKeyByHash({ hash }: { hash: string }): Promise<ApiKeyRow | null> {
      const row = (await ctx.rows('apiKeyByHash', [hash]))[0];
      return row ? apiKeyFromRow(row) : null;
    },

    async apiKeyList({ tenant }: { tenant: string | null }): Promise<ApiKeyRow[]> {
      return (await ctx.rows('apiKeyList', [tenant])).map(apiKeyFromRow);
    },

    async apiKeyRevoke({ id, now }: { id: string; now: number }): Promise<boolean> {
      return (await ctx.rows('apiKeyRevoke', [id, now])).length > 0;
    },

    async apiKeyCount(): Promise<number> {
      return (await ctx.rows('apiKeyCount', []))[0]!.count as number;
    },
  };
}
