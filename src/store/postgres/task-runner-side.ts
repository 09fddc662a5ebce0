import type { TaskError, TaskRow } from '../../domain/task.ts';
import type { ClaimedTask, Store } from '../store.ts';
import type { Completion } from './complete-batcher.ts';
import type { Row } from './executor.ts';
import { compareClaimOrder } from '../../domain/queue-position.ts';
import { taskFromRow } from './row-mapping.ts';
import { Q, STATS_WEIGHT, type StoreContext } from './store-context.ts';

// The runner's side: claims (SKIP LOCKED, one statement for all types) and the outcome writes, each
// fenced by the lease token. Completions outside a transaction go through the store's batcher.

type TaskRunnerSide = Pick<
  Store,
  | 'taskClaim'
  | 'taskHeartbeat'
  | 'taskProgress'
  | 'taskComplete'
  | 'taskFail'
  | 'taskRelease'
  | 'taskCancelAttempt'
  | 'taskCancelRequested'
>;

export function taskRunnerSide(ctx: StoreContext): TaskRunnerSide {
  return {
    async taskClaim(params: {
      types: string[];
      perType: Record<string, number>;
      limit: number;
      workerId: string;
      leaseMs: number;
      now: number;
    }): Promise<ClaimedTask[]> {
      const types: string[] = [];
      const limits: number[] = [];
      for (const type of new Set(params.types)) {
        const n = Math.min(params.perType[type] ?? params.limit, params.limit);
        if (n > 0) {
          types.push(type);
          limits.push(n);
        }
      }
      if (types.length === 0 || params.limit <= 0) return [];
      const rows = await ctx.rows('taskClaim', [
        types,
        limits,
        params.now,
        params.limit,
        params.leaseMs,
        params.workerId,
      ]);
      const tasks = rows.map(taskFromRow).sort(compareClaimOrder);
      for (const t of tasks) ctx.ex.emit({ kind: 'changed', id: t.id });
      return tasks.map((task) => ({ task, leaseToken: task.leaseToken! }));
    },

    async taskHeartbeat(params: { id: string; leaseToken: string; leaseMs: number; now: number }) {
      const rows = await ctx.rows('taskHeartbeat', [params.id, params.leaseToken, params.leaseMs, params.now]);
      return { ok: rows.length > 0, cancelRequested: rows.length > 0 && (rows[0]!.cancel_requested as boolean) };
    },

    async taskProgress(params: {
      id: string;
      leaseToken: string;
      percent: number | null;
      message: string | null;
      current: number | null;
      total: number | null;
      now: number;
    }): Promise<{ ok: boolean; cancelRequested: boolean }> {
      const rows = await ctx.rows('taskProgress', [
        params.id,
        params.leaseToken,
        params.percent,
        params.message,
        params.current,
        params.total,
        params.now,
      ]);
      if (rows.length === 0) return { ok: false, cancelRequested: false };
      ctx.ex.emit({ kind: 'changed', id: params.id });
      return { ok: true, cancelRequested: rows[0]!.cancel_requested as boolean };
    },

    async taskComplete(params: {
      id: string;
      leaseToken: string;
      resultJson: string | null;
      now: number;
      retentionMs: number;
    }): Promise<TaskRow | null> {
      const item: Completion = {
        id: params.id,
        leaseToken: params.leaseToken,
        resultJson: params.resultJson,
        now: params.now,
        retentionMs: params.retentionMs,
      };
      // Inside a transaction the caller owns the commit, so there is nothing to batch.
      const row = ctx.ex.inTransaction
        ? ((await completeMany(ctx, [item]))[0] ?? null)
        : await ctx.shared.completer.complete(item);
      return row ? ctx.emitOne([row]) : null;
    },

    async taskFail(params: {
      id: string;
      leaseToken: string;
      error: TaskError;
      retryAt: number | null;
      now: number;
      retentionMs: number;
    }): Promise<TaskRow | null> {
      const rows = await ctx.rows('taskFail', [
        params.id,
        params.leaseToken,
        JSON.stringify(params.error),
        params.retryAt,
        params.now,
        params.retentionMs,
      ]);
      return rows.length ? ctx.emitOne(rows) : null;
    },

    async taskRelease(params: { id: string; leaseToken: string; now: number }): Promise<TaskRow | null> {
      const rows = await ctx.rows('taskRelease', [params.id, params.leaseToken, params.now]);
      return rows.length ? ctx.emitOne(rows) : null;
    },

    async taskCancelAttempt(params: {
      id: string;
      leaseToken: string;
      error: TaskError;
      now: number;
      retentionMs: number;
    }): Promise<TaskRow | null> {
      const rows = await ctx.rows('taskCancelAttempt', [
        params.id,
        params.leaseToken,
        JSON.stringify(params.error),
        params.now,
        params.retentionMs,
      ]);
      return rows.length ? ctx.emitOne(rows) : null;
    },

    async taskCancelRequested({ ids }: { ids: string[] }): Promise<string[]> {
      if (ids.length === 0) return [];
      return (await ctx.rows('taskCancelRequested', [ids])).map((r) => r.id as string);
    },
  };
}

/** Completes several tasks in one statement; the rows of those whose lease still held. */
export async function completeMany(ctx: StoreContext, items: Completion[]): Promise<Row[]> {
  const result = await ctx.ex.query('taskComplete', Q.taskComplete, [
    items.map((c) => c.id),
    items.map((c) => c.leaseToken),
    items.map((c) => c.resultJson),
    items.map((c) => c.now),
    items.map((c) => c.retentionMs),
    STATS_WEIGHT,
  ]);
  return result.rows;
}
