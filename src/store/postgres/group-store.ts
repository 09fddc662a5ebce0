import type { TaskRow } from '../../domain/task.ts';
import type { TaskGroupRow, TaskGroupState, TaskGroupStore } from '../group-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';
import { taskFromRow, taskInsertParams } from './row-mapping.ts';

// Execution groups: the group rows, membership, and the coordinator's steps (fail the group,
// create compensation tasks, finish). Each step is one transaction.

const Q = loadQueries(new URL('./group-store.sql', import.meta.url), [
  'taskGroupCreate', 'taskGroupJoinCheck', 'taskGroupJoin', 'taskGroupGet', 'taskGroupMembers', 'taskGroupsFailed',
  'taskGroupFailState', 'taskGroupFailCancel', 'taskGroupFailRequest', 'taskGroupsCompensating',
  'taskCompensationCreate', 'taskGroupFinish',
] as const);

function groupFromRow(r: Row): TaskGroupRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    state: r.state as TaskGroupState,
    failedTaskId: (r.failed_task_id as string | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    version: r.version as number,
  };
}

export function postgresGroupStore(ctx: StoreContext): TaskGroupStore {
  const sql = ctx.queries(Q);
  return {
    async taskGroupCreate({ id, tenant, now }) {
      await sql.run('taskGroupCreate', [id, tenant, now]);
    },

    taskGroupJoin({ tenant, groupId, taskIds }) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        if ((await tx.rows('taskGroupJoinCheck', [groupId, tenant])).length === 0) return false;
        await tx.run('taskGroupJoin', [groupId, tenant, taskIds]);
        for (const id of taskIds) txCtx.ex.emit({ kind: 'changed', id });
        return true;
      });
    },

    async taskGroupGet({ tenant, id }) {
      const row = (await sql.rows('taskGroupGet', [id, tenant]))[0];
      return row ? groupFromRow(row) : null;
    },

    async taskGroupMembers({ id }) {
      return (await sql.rows('taskGroupMembers', [id])).map((r) => ({
        task: taskFromRow(r),
        compensation: r.compensation_id === null ? null : { id: r.compensation_id as string, status: r.compensation_status as TaskRow['status'] },
      }));
    },

    async taskGroupsFailed({ limit }) {
      return (await sql.rows('taskGroupsFailed', [limit])).map((r) => ({ groupId: r.group_id as string, failedTaskId: r.failed_task_id as string }));
    },

    taskGroupFail(p) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        if ((await tx.rows('taskGroupFailState', [p.id, p.failedTaskId, p.now])).length === 0) return null;
        const canceled = (await tx.rows('taskGroupFailCancel', [p.id, JSON.stringify(p.error), p.now, p.retentionMs])).map(taskFromRow);
        const requested = (await tx.rows('taskGroupFailRequest', [p.id, p.now])).map(taskFromRow);
        txCtx.emitTasks([...canceled, ...requested]);
        return { canceled, requested };
      });
    },

    async taskGroupsCompensating({ limit }) {
      return (await sql.rows('taskGroupsCompensating', [limit])).map(groupFromRow);
    },

    async taskCompensationCreate({ task, compensates }) {
      const rows = await sql.rows('taskCompensationCreate', [...taskInsertParams(task), compensates]);
      return rows.length === 0 ? null : ctx.emitOne(rows);
    },

    async taskGroupFinish({ id, state, now }) {
      return (await sql.rows('taskGroupFinish', [id, state, now])).length > 0;
    },
  };
}
