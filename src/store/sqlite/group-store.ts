import type { TaskRow } from '../../domain/task.ts';
import type { TaskGroupRow, TaskGroupState, TaskGroupStore } from '../group-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { insertParams, type SqlRow, taskFromRow } from './row-mapping.ts';

// Execution groups: the group rows, membership, and the coordinator's steps (fail the group,
// create compensation tasks, finish). Each step is one write transaction.

const Q = loadQueries(new URL('./group-store.sql', import.meta.url), [
  'taskGroupCreate', 'taskGroupJoinCheck', 'taskGroupJoin', 'taskGroupGet', 'taskGroupMembers', 'taskGroupsFailed',
  'taskGroupFailState', 'taskGroupFailCancel', 'taskGroupFailRequest', 'taskGroupsCompensating',
  'taskCompensationCreate', 'taskGroupFinish',
] as const);

function groupFromRow(r: SqlRow): TaskGroupRow {
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

export function sqliteGroupStore(c: SqliteConnection): SyncPart<TaskGroupStore> {
  const sql = c.queries(Q);
  return {
    taskGroupCreate(p, sink) {
      c.write1(sink, () => sql.run('taskGroupCreate', p));
    },

    taskGroupJoin(p, sink) {
      return c.write(sink, (local) => {
        if (!sql.get('taskGroupJoinCheck', p)) return false;
        sql.run('taskGroupJoin', { ...p, ids: JSON.stringify(p.taskIds) });
        local.changed.push(...p.taskIds);
        return true;
      });
    },

    taskGroupGet(p) {
      const r = sql.get('taskGroupGet', p);
      return r ? groupFromRow(r) : null;
    },

    taskGroupMembers(p) {
      return sql.all('taskGroupMembers', p).map((r) => ({
        task: taskFromRow(r),
        compensation:
          r.compensation_id === null ? null : { id: r.compensation_id as string, status: r.compensation_status as TaskRow['status'] },
      }));
    },

    taskGroupsFailed(p) {
      return sql.all('taskGroupsFailed', p).map((r) => ({ groupId: r.group_id as string, failedTaskId: r.failed_task_id as string }));
    },

    taskGroupFail(p, sink) {
      return c.write(sink, (local) => {
        if (sql.run('taskGroupFailState', p).changes === 0) return null;
        const canceled = sql.all('taskGroupFailCancel', { ...p, error: JSON.stringify(p.error) }).map(taskFromRow);
        const requested = sql.all('taskGroupFailRequest', p).map(taskFromRow);
        for (const t of [...canceled, ...requested]) local.changed.push(t.id);
        return { canceled, requested };
      });
    },

    taskGroupsCompensating(p) {
      return sql.all('taskGroupsCompensating', p).map(groupFromRow);
    },

    taskCompensationCreate(p, sink) {
      return c.write1(sink, (local) => {
        const r = sql.get('taskCompensationCreate', { ...insertParams(p.task), compensates: p.compensates });
        if (!r) return null;
        const task = taskFromRow(r);
        local.changed.push(task.id);
        if (task.status === 'queued') local.available.add(task.type);
        return task;
      });
    },

    taskGroupFinish(p, sink) {
      return c.write1(sink, () => sql.run('taskGroupFinish', p).changes > 0);
    },
  };
}
