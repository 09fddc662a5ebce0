import type { QueueEntry } from '../../domain/queue-position.ts';
import type { NewTask, TaskRow } from '../../domain/task.ts';
import { loadQueries } from '../sql-file.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import type { TaskGetParams, TaskStore } from '../task-store.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { mapConflict } from './errors.ts';
import { sinkInserted } from './notifications.ts';
import { announceDependents, graphQueries } from './graph-store.ts';
import { insertedTask, insertParams, taskFromRow, tombstoneFromRow } from './row-mapping.ts';

// Submission, reads and the API's changes of tasks. A change that depends on the current state
// reads it and decides within the same write transaction, so no runner can slip in between.

const Q = loadQueries(new URL('./task-store.sql', import.meta.url), [
  'taskInsert', 'taskHoldFiles', 'taskGet', 'taskGetByCustomId', 'taskList', 'taskListAnyTenant', 'taskQueueHead', 'taskRunningOf', 'taskVersions',
  'taskCancel', 'taskCancelRequest', 'taskUpdate', 'taskRequestDestroy', 'taskDestroy',
  'taskDestroyTombstone', 'taskDestroyLinks', 'taskDestroyReservation', 'tombstoneGet',
] as const);

export function sqliteTaskStore(c: SqliteConnection): SyncPart<TaskStore> {
  const sql = c.queries(Q);
  const task = (name: keyof typeof Q, params: object) => {
    const r = sql.get(name, params);
    return r ? taskFromRow(r) : null;
  };
  const taskGet = (p: TaskGetParams) => task('taskGet', p);
  const graph = graphQueries(c);
  const holdFiles = (t: NewTask) => {
    if (t.heldFiles?.length) sql.run('taskHoldFiles', { taskId: t.id, tenant: t.tenant, fileIds: JSON.stringify(t.heldFiles) });
  };

  return {
    taskInsert({ task: t }, sink) {
      const write = t.heldFiles?.length ? c.write.bind(c) : c.write1.bind(c);
      return write(sink, (local) => {
        try {
          const { lastInsertRowid } = sql.run('taskInsert', insertParams(t));
          holdFiles(t);
          sinkInserted(local, t);
          return { task: insertedTask(t, Number(lastInsertRowid)) };
        } catch (err) {
          throw mapConflict(err);
        }
      });
    },

    taskInsertMany({ tasks: list }, sink) {
      return c.write(sink, (local) => {
        const stmt = sql.stmt('taskInsert');
        const out: TaskRow[] = new Array(list.length);
        for (let i = 0; i < list.length; i++) {
          const t = list[i]!;
          try {
            out[i] = insertedTask(t, Number(stmt.run(insertParams(t)).lastInsertRowid));
            holdFiles(t);
          } catch (err) {
            throw mapConflict(err, i);
          }
          sinkInserted(local, t);
        }
        return { tasks: out };
      });
    },

    taskGet: (p) => taskGet(p),
    taskGetByCustomId: (p) => task('taskGetByCustomId', p),

    taskList(p) {
      const list = sql.all(p.tenant === null ? 'taskListAnyTenant' : 'taskList', {
        tenant: p.tenant,
        statuses: p.statuses?.length ? JSON.stringify(p.statuses) : null,
        type: p.type ?? null,
        customId: p.customId ?? null,
        createdAfter: p.createdAfter ?? null,
        createdBefore: p.createdBefore ?? null,
        metadata: p.metadata && Object.keys(p.metadata).length > 0 ? JSON.stringify(p.metadata) : null,
        cursor: p.cursor ? decodeListCursor(p.cursor) : null,
        limit: p.limit + 1,
      }).map(taskFromRow);
      const more = list.length > p.limit;
      if (more) list.length = p.limit;
      return { tasks: list, nextCursor: more ? encodeListCursor(list[list.length - 1]!.seq) : null };
    },

    taskQueueHead({ type, limit }) {
      return sql.all('taskQueueHead', { type, limit }).map(
        (r): QueueEntry => ({ priority: r.priority as number, runAt: r.runAt as number, seq: r.seq as number }),
      );
    },

    taskRunningOf({ type, limit }) {
      return sql.all('taskRunningOf', { type, limit }).map((r) => ({
        startedAt: r.startedAt as number,
        percent: (r.percent as number | null) ?? null,
        timeoutSeconds: r.timeoutSeconds as number,
      }));
    },

    taskVersions({ ids }) {
      const out = new Map<string, number>();
      if (ids.length === 0) return out;
      for (const r of sql.all('taskVersions', { ids: JSON.stringify(ids) })) out.set(r.id as string, r.version as number);
      return out;
    },

    taskCancel(p, sink) {
      return c.write1(sink, (local) => {
        const cur = taskGet(p);
        if (!cur) return null;
        switch (cur.status) {
          case 'pending':
          case 'queued': {
            const t = task('taskCancel', { id: cur.id, error: JSON.stringify(p.error), now: p.now, retentionMs: p.retentionMs })!;
            local.changed.push(t.id);
            announceDependents(graph, [t], local);
            return { task: t, outcome: 'canceled' };
          }
          case 'running': {
            if (cur.cancelRequested) return { task: cur, outcome: 'already' };
            const t = task('taskCancelRequest', { id: cur.id, now: p.now })!;
            local.changed.push(t.id);
            return { task: t, outcome: 'requested' };
          }
          case 'canceled':
            return { task: cur, outcome: 'already' };
          default:
            return { task: cur, outcome: 'finished' };
        }
      });
    },

    taskUpdate(p, sink) {
      return c.write1(sink, (local) => {
        const cur = taskGet(p);
        if (!cur) return null;
        if (cur.status !== 'pending' && cur.status !== 'queued') return { outcome: 'wrong-state', task: cur };
        if (cur.version !== p.version) return { outcome: 'version-mismatch', task: cur };
        const { patch, now } = p;
        const runAt = patch.runAt ?? cur.runAt;
        // A child still waiting for parents stays pending whatever its runAt.
        const status = patch.runAt === undefined || cur.graph.waiting > 0 ? cur.status : runAt <= now ? 'queued' : 'pending';
        const metadata = patch.metadata === undefined ? cur.metadata : patch.metadata;
        const t = task('taskUpdate', {
          id: cur.id,
          version: p.version,
          priority: patch.priority ?? cur.priority,
          runAt,
          status,
          metadata: metadata === null ? null : JSON.stringify(metadata),
          callbackUrl: patch.callbackUrl === undefined ? cur.callbackUrl : patch.callbackUrl,
          now,
        })!;
        local.changed.push(t.id);
        if (t.status === 'queued') local.available.add(t.type);
        return { outcome: 'updated', task: t };
      });
    },

    taskRequestDestroy(p, sink) {
      return c.write1(sink, (local) => {
        const t = task('taskRequestDestroy', p);
        if (!t) return taskGet(p);
        local.changed.push(t.id);
        return t;
      });
    },

    taskDestroy(p, sink) {
      return c.write(sink, (local) => {
        const t = task('taskDestroy', p);
        if (!t) return null;
        sql.run('taskDestroyTombstone', { id: t.id, tenant: t.tenant, reason: p.reason, at: p.now });
        sql.run('taskDestroyLinks', { id: t.id, tenant: t.tenant });
        sql.run('taskDestroyReservation', { id: t.id });
        local.changed.push(t.id);
        return t;
      });
    },

    tombstoneGet(p) {
      const r = sql.get('tombstoneGet', p);
      return r ? tombstoneFromRow(r) : null;
    },
  };
}
