import type { Metadata, TaskError, TaskRow, TaskStatus, Tombstone } from '../../domain/task.ts';
import type { CancelOutcome, Store } from '../store.ts';
import { jsonOrNull, taskFromRow } from './row-mapping.ts';
import type { StoreContext } from './store-context.ts';

// Changes the API makes to a task. Those that depend on the current state read it FOR UPDATE and
// decide in one transaction, so a runner's concurrent transition cannot slip in between.

type TaskChanges = Pick<Store, 'taskCancel' | 'taskUpdate' | 'taskRequestDestroy' | 'taskDestroy'>;

const ACTIVE: TaskStatus[] = ['pending', 'queued'];

export function taskChanges(ctx: StoreContext): TaskChanges {
  return {
    taskCancel(params: {
      tenant: string | null;
      id: string;
      error: TaskError;
      now: number;
      retentionMs: number;
    }): Promise<{ task: TaskRow; outcome: CancelOutcome } | null> {
      return ctx.tx(async (tx) => {
        const current = await tx.forUpdate(params.tenant, params.id);
        if (!current) return null;
        if (ACTIVE.includes(current.status)) {
          const rows = await tx.rows('taskCancelNow', [
            params.id,
            JSON.stringify(params.error),
            params.now,
            params.retentionMs,
          ]);
          return { task: tx.emitOne(rows), outcome: 'canceled' as const };
        }
        if (current.status === 'running' && !current.cancelRequested) {
          const rows = await tx.rows('taskCancelRequest', [params.id, params.now]);
          return { task: tx.emitOne(rows), outcome: 'requested' as const };
        }
        const outcome = current.status === 'canceled' || current.status === 'running' ? 'already' : 'finished';
        return { task: current, outcome };
      });
    },

    taskUpdate(params: {
      tenant: string | null;
      id: string;
      version: number;
      patch: {
        priority?: number;
        runAt?: number;
        metadata?: Metadata | null;
        callbackUrl?: string | null;
      };
      now: number;
    }): ReturnType<Store['taskUpdate']> {
      return ctx.tx(async (tx) => {
        const current = await tx.forUpdate(params.tenant, params.id);
        if (!current) return null;
        if (!ACTIVE.includes(current.status)) return { outcome: 'wrong-state' as const, task: current };
        if (current.version !== params.version) return { outcome: 'version-mismatch' as const, task: current };
        const { patch } = params;
        const runAt = patch.runAt ?? current.runAt;
        const status = patch.runAt === undefined ? current.status : runAt <= params.now ? 'queued' : 'pending';
        const rows = await tx.rows('taskUpdate', [
          params.id,
          patch.priority ?? current.priority,
          runAt,
          status,
          jsonOrNull(patch.metadata === undefined ? current.metadata : patch.metadata),
          patch.callbackUrl === undefined ? current.callbackUrl : patch.callbackUrl,
          params.now,
        ]);
        return { outcome: 'updated' as const, task: tx.emitOne(rows) };
      });
    },

    async taskRequestDestroy({ tenant, id, now }: { tenant: string | null; id: string; now: number }): Promise<TaskRow | null> {
      const rows = await ctx.rows('taskRequestDestroy', [id, tenant, now]);
      if (rows.length > 0) return ctx.emitOne(rows);
      const row = (await ctx.rows('taskGet', [id, tenant]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskDestroy(params: {
      tenant: string | null;
      id: string;
      reason: Tombstone['reason'];
      now: number;
    }): Promise<TaskRow | null> {
      const rows = await ctx.rows('taskDestroy', [params.id, params.tenant, params.reason, params.now]);
      if (rows.length === 0) return null;
      const task = taskFromRow(rows[0]!);
      ctx.ex.emit({ kind: 'changed', id: task.id });
      return task;
    },
  };
}
