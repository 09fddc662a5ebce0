import type { QueueEntry } from '../../domain/queue-position.ts';
import type { NewTask, TaskRow, Tombstone } from '../../domain/task.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import { type Store, StoreConflictError, type TaskListParams } from '../store.ts';
import type { Row } from './executor.ts';
import { uniqueViolation } from './pg-errors.ts';
import { insertedTask, taskFromRow, taskInsertManyParams, taskInsertParams, tombstoneFromRow } from './row-mapping.ts';
import type { StoreContext } from './store-context.ts';

// Submission and reads of tasks. A bulk insert is one statement (unnest of one array per column):
// all or nothing, and no round trip per task.

type TaskSubmission = Pick<
  Store,
  | 'taskInsert'
  | 'taskInsertMany'
  | 'taskGet'
  | 'taskGetByCustomId'
  | 'taskList'
  | 'taskQueueHead'
  | 'taskVersions'
  | 'tombstoneGet'
>;

/** Constraint/index names from migrations/001_init.sql. */
const CONFLICT_BY_CONSTRAINT: Record<string, 'task-id' | 'custom-id'> = {
  tasks_pkey: 'task-id',
  tasks_tenant_custom_id_key: 'custom-id',
};

export function taskSubmission(ctx: StoreContext): TaskSubmission {
  return {
    async taskInsert({ task }: { task: NewTask }): Promise<{ task: TaskRow }> {
      const rows = await ctx.rows('taskInsert', taskInsertParams(task));
      if (rows.length === 0) {
        // ON CONFLICT DO NOTHING: name the clash as a unique violation would (the primary key first).
        const existing = await ctx.rows('taskInsertConflictsExisting', [[task.id], [task.tenant], [task.customId]]);
        throw new StoreConflictError(existing.some((r) => r.id === task.id) || task.customId === null ? 'task-id' : 'custom-id', null);
      }
      const inserted = insertedTask(task, rows[0]!.seq as number);
      ctx.emitTasks([inserted]);
      return { task: inserted };
    },

    async taskInsertMany({ tasks }: { tasks: NewTask[] }): Promise<{ tasks: TaskRow[] }> {
      if (tasks.length === 0) return { tasks: [] };
      const rows = await insertTasks(ctx, 
        () => ctx.rows('taskInsertMany', taskInsertManyParams(tasks)),
        tasks,
      );
      const seqById = new Map(rows.map((r) => [r.id as string, r.seq as number]));
      const out = tasks.map((t) => insertedTask(t, seqById.get(t.id)!));
      ctx.emitTasks(out);
      return { tasks: out };
    },

    async taskGet({ tenant, id }: { tenant: string | null; id: string }): Promise<TaskRow | null> {
      const row = (await ctx.rows('taskGet', [id, tenant]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskGetByCustomId({ tenant, customId }: { tenant: string; customId: string }): Promise<TaskRow | null> {
      const row = (await ctx.rows('taskGetByCustomId', [tenant, customId]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskList(params: TaskListParams): Promise<{ tasks: TaskRow[]; nextCursor: string | null }> {
      const values = [
        params.tenant,
        params.statuses && params.statuses.length > 0 ? params.statuses : null,
        params.type ?? null,
        params.customId ?? null,
        params.createdAfter ?? null,
        params.createdBefore ?? null,
        params.metadata && Object.keys(params.metadata).length > 0 ? JSON.stringify(params.metadata) : null,
        params.cursor ? decodeListCursor(params.cursor) : null,
        params.limit + 1,
      ];
      // Unnamed: optional filters plan best with the actual values, not a cached generic plan.
      const rows = (await ctx.run('taskList', values, false)).rows.map(taskFromRow);
      const more = rows.length > params.limit;
      const tasks = more ? rows.slice(0, params.limit) : rows;
      return { tasks, nextCursor: more ? encodeListCursor(tasks[tasks.length - 1]!.seq) : null };
    },

    async taskQueueHead({ type, limit }: { type: string; limit: number }): Promise<QueueEntry[]> {
      const rows = await ctx.rows('taskQueueHead', [type, limit]);
      return rows.map((r) => ({ priority: r.priority as number, runAt: Number(r.run_at), seq: Number(r.seq) }));
    },

    async taskVersions({ ids }: { ids: string[] }): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map();
      const rows = await ctx.rows('taskVersions', [ids]);
      return new Map(rows.map((r) => [r.id as string, r.version as number]));
    },

    async tombstoneGet({ tenant, id }: { tenant: string | null; id: string }): Promise<Tombstone | null> {
      const row = (await ctx.rows('tombstoneGet', [id, tenant]))[0];
      return row ? tombstoneFromRow(row) : null;
    },
  };
}

/** Runs an insert; turns a unique violation into StoreConflictError naming the first clashing item. */
async function insertTasks(ctx: StoreContext, run: () => Promise<Row[]>, tasks: NewTask[]): Promise<Row[]> {
  try {
    return await ctx.ex.recoverable(run);
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === null) throw err;
    const kind = CONFLICT_BY_CONSTRAINT[constraint] ?? 'task-id';
    const index = tasks.length === 1 ? null : await conflictIndex(ctx, tasks, kind).catch(() => null);
    throw new StoreConflictError(kind, index);
  }
}

async function conflictIndex(ctx: StoreContext, tasks: NewTask[], kind: 'task-id' | 'custom-id'): Promise<number | null> {
  const keyOf = (tenant: string, customId: string) => `${tenant}\u0000${customId}`;
  const withCustom = tasks.filter((t) => t.customId !== null);
  const existing = await ctx.rows('taskInsertConflictsExisting', [
    tasks.map((t) => t.id),
    withCustom.map((t) => t.tenant),
    withCustom.map((t) => t.customId),
  ]);
  const ids = new Set(existing.map((r) => r.id as string));
  const customs = new Set(
    existing.filter((r) => r.custom_id !== null).map((r) => keyOf(r.tenant as string, r.custom_id as string)),
  );
  // Earlier items of the batch count as existing for the later ones.
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    const custom = t.customId === null ? null : keyOf(t.tenant, t.customId);
    if (kind === 'task-id' && ids.has(t.id)) return i;
    if (kind === 'custom-id' && custom !== null && customs.has(custom)) return i;
    ids.add(t.id);
    if (custom !== null) customs.add(custom);
  }
  return null;
}
