import type { NewTask, TaskRow, TaskStatus } from '../../domain/task.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import { loadQueries } from '../sql-file.ts';
import { StoreConflictError, type StoreConflictKind } from '../store.ts';
import type { TaskStore } from '../task-store.ts';
import type { Queries, Row, StoreContext } from './connection.ts';
import { uniqueViolation } from './errors.ts';
import { announceDependents } from './graph-store.ts';
import { insertedTask, jsonOrNull, taskFromRow, taskInsertManyParams, taskInsertParams, tombstoneFromRow } from './row-mapping.ts';

// Submission, reads and the API's changes of tasks. A bulk insert is one statement (unnest of one
// array per column): all or nothing, and no round trip per task. Changes that depend on the current
// state read it FOR UPDATE and decide in one transaction, so a runner's concurrent transition
// cannot slip in between.

const Q = loadQueries(new URL('./task-store.sql', import.meta.url), [
  'taskInsert', 'taskInsertMany', 'taskInsertHolding', 'taskInsertManyHolding', 'taskInsertConflictsExisting', 'taskGet', 'taskGetForUpdate', 'taskGetByCustomId',
  'taskList', 'taskQueueHead', 'taskRunningOf', 'taskVersions', 'taskCancel', 'taskCancelRequest', 'taskUpdate', 'taskRequestDestroy',
  'taskDestroy', 'tombstoneGet',
] as const);
type Sql = Queries<keyof typeof Q>;

/** Constraint/index names from migrations/001_init.sql. */
const CONFLICT_BY_CONSTRAINT: Record<string, StoreConflictKind> = {
  tasks_pkey: 'task-id',
  tasks_tenant_custom_id_key: 'custom-id',
};

const ACTIVE: TaskStatus[] = ['pending', 'queued'];

export function postgresTaskStore(ctx: StoreContext): TaskStore {
  const sql = ctx.queries(Q);
  const forUpdate = async (tx: Sql, tenant: string | null, id: string): Promise<TaskRow | null> => {
    const row = (await tx.rows('taskGetForUpdate', [id, tenant]))[0];
    return row ? taskFromRow(row) : null;
  };

  return {
    async taskInsert({ task }) {
      const held = [...new Set(task.heldFiles ?? [])];
      const rows = held.length
        ? await sql.rows('taskInsertHolding', [...taskInsertParams(task), held])
        : await sql.rows('taskInsert', taskInsertParams(task));
      if (rows.length === 0) {
        // ON CONFLICT DO NOTHING: name the clash as a unique violation would (the primary key first).
        const existing = await sql.rows('taskInsertConflictsExisting', [[task.id], [task.tenant], [task.customId]]);
        throw new StoreConflictError(existing.some((r) => r.id === task.id) || task.customId === null ? 'task-id' : 'custom-id', null);
      }
      const inserted = insertedTask(task, rows[0]!.seq as number);
      ctx.emitInserted([inserted]);
      return { task: inserted };
    },

    async taskInsertMany({ tasks }) {
      if (tasks.length === 0) return { tasks: [] };
      const holds = tasks.flatMap((t) => [...new Set(t.heldFiles ?? [])].map((file) => [t.id, file] as const));
      const insert = holds.length
        ? () => sql.rows('taskInsertManyHolding', [...taskInsertManyParams(tasks), holds.map((h) => h[0]), holds.map((h) => h[1])])
        : () => sql.rows('taskInsertMany', taskInsertManyParams(tasks));
      const rows = await insertTasks(ctx, sql, insert, tasks);
      const seqById = new Map(rows.map((r) => [r.id as string, r.seq as number]));
      const out = tasks.map((t) => insertedTask(t, seqById.get(t.id)!));
      ctx.emitInserted(out);
      return { tasks: out };
    },

    async taskGet({ tenant, id }) {
      const row = (await sql.rows('taskGet', [id, tenant]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskGetByCustomId({ tenant, customId }) {
      const row = (await sql.rows('taskGetByCustomId', [tenant, customId]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskList(params) {
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
      const rows = (await sql.run('taskList', values, false)).rows.map(taskFromRow);
      const more = rows.length > params.limit;
      const tasks = more ? rows.slice(0, params.limit) : rows;
      return { tasks, nextCursor: more ? encodeListCursor(tasks[tasks.length - 1]!.seq) : null };
    },

    async taskQueueHead({ type, limit }) {
      const rows = await sql.rows('taskQueueHead', [type, limit]);
      return rows.map((r) => ({ priority: r.priority as number, runAt: Number(r.run_at), seq: Number(r.seq) }));
    },

    async taskRunningOf({ type, limit }) {
      const rows = await sql.rows('taskRunningOf', [type, limit]);
      return rows.map((r) => ({
        startedAt: Number(r.started_at),
        percent: r.progress_percent === null ? null : Number(r.progress_percent),
        timeoutSeconds: Number(r.timeout_seconds),
      }));
    },

    async taskVersions({ ids }) {
      if (ids.length === 0) return new Map();
      const rows = await sql.rows('taskVersions', [ids]);
      return new Map(rows.map((r) => [r.id as string, r.version as number]));
    },

    taskCancel(params) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const current = await forUpdate(tx, params.tenant, params.id);
        if (!current) return null;
        if (ACTIVE.includes(current.status)) {
          const rows = await tx.rows('taskCancel', [params.id, JSON.stringify(params.error), params.now, params.retentionMs]);
          const task = txCtx.emitOne(rows);
          await announceDependents(txCtx, [task]);
          return { task, outcome: 'canceled' as const };
        }
        if (current.status === 'running' && !current.cancelRequested) {
          const rows = await tx.rows('taskCancelRequest', [params.id, params.now]);
          return { task: txCtx.emitOne(rows), outcome: 'requested' as const };
        }
        const outcome = current.status === 'canceled' || current.status === 'running' ? 'already' : 'finished';
        return { task: current, outcome };
      });
    },

    taskUpdate(params) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const current = await forUpdate(tx, params.tenant, params.id);
        if (!current) return null;
        if (!ACTIVE.includes(current.status)) return { outcome: 'wrong-state' as const, task: current };
        if (current.version !== params.version) return { outcome: 'version-mismatch' as const, task: current };
        const { patch } = params;
        const runAt = patch.runAt ?? current.runAt;
        // A child still waiting for parents stays pending whatever its runAt.
        const status = patch.runAt === undefined || current.graph.waiting > 0 ? current.status : runAt <= params.now ? 'queued' : 'pending';
        const rows = await tx.rows('taskUpdate', [
          params.id,
          patch.priority ?? current.priority,
          runAt,
          status,
          jsonOrNull(patch.metadata === undefined ? current.metadata : patch.metadata),
          patch.callbackUrl === undefined ? current.callbackUrl : patch.callbackUrl,
          params.now,
        ]);
        return { outcome: 'updated' as const, task: txCtx.emitOne(rows) };
      });
    },

    async taskRequestDestroy({ tenant, id, now }) {
      const rows = await sql.rows('taskRequestDestroy', [id, tenant, now]);
      if (rows.length > 0) return ctx.emitOne(rows);
      const row = (await sql.rows('taskGet', [id, tenant]))[0];
      return row ? taskFromRow(row) : null;
    },

    async taskDestroy(params) {
      const rows = await sql.rows('taskDestroy', [params.id, params.tenant, params.reason, params.now]);
      if (rows.length === 0) return null;
      const task = taskFromRow(rows[0]!);
      ctx.ex.emit({ kind: 'changed', id: task.id });
      return task;
    },

    async tombstoneGet({ tenant, id }) {
      const row = (await sql.rows('tombstoneGet', [id, tenant]))[0];
      return row ? tombstoneFromRow(row) : null;
    },
  };
}

/** Runs an insert; turns a unique violation into StoreConflictError naming the first clashing item. */
async function insertTasks(ctx: StoreContext, sql: Sql, run: () => Promise<Row[]>, tasks: NewTask[]): Promise<Row[]> {
  try {
    return await ctx.ex.recoverable(run);
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === null) throw err;
    const kind = CONFLICT_BY_CONSTRAINT[constraint] ?? 'task-id';
    const index = tasks.length === 1 ? null : await conflictIndex(sql, tasks, kind).catch(() => null);
    throw new StoreConflictError(kind, index);
  }
}

async function conflictIndex(sql: Sql, tasks: NewTask[], kind: StoreConflictKind): Promise<number | null> {
  const keyOf = (tenant: string, customId: string) => `${tenant}\u0000${customId}`;
  const withCustom = tasks.filter((t) => t.customId !== null);
  const existing = await sql.rows('taskInsertConflictsExisting', [
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
