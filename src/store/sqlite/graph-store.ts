import type { TaskRow } from '../../domain/task.ts';
import type { TaskGraphStore } from '../graph-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, Statements, SyncPart } from './connection.ts';
import type { EventSink } from './notifications.ts';
import { taskFromRow } from './row-mapping.ts';

// Linking a child to its parents, and reading a child's parents. The children's fate when a parent
// finishes is the database's (triggers of migrations/008); announceDependents tells this process's
// listeners about it after the parent's transaction commits.

const Q = loadQueries(new URL('./graph-store.sql', import.meta.url), [
  'taskGraphParents', 'taskGraphMarkParents', 'taskGraphEdges', 'taskGraphLinkChild', 'taskParents', 'taskDependentsOf',
] as const);

const DEPENDENCY_FAILED = (parent: string, status: string) =>
  JSON.stringify({
    type: '/errors/dependency-failed',
    title: 'A task this one depends on did not succeed',
    status: 424,
    detail: `task ${parent} ended ${status}`,
    code: 'dependency-failed',
  });

export function sqliteGraphStore(c: SqliteConnection): SyncPart<TaskGraphStore> {
  const sql = c.queries(Q);
  return {
    taskGraphLink(p, sink) {
      return c.write(sink, (local) => {
        const ids = JSON.stringify(p.parentIds);
        const found = new Map(sql.all('taskGraphParents', { tenant: p.tenant, ids }).map((r) => [r.id as string, r]));
        const invalid = p.parentIds.filter((id) => id === p.childId || !found.has(id));
        if (invalid.length > 0) return { outcome: 'invalid', ids: invalid };
        const depth = 1 + Math.max(...[...found.values()].map((r) => r.graph_depth as number));
        if (depth > p.maxDepth) return { outcome: 'too-deep', depth };
        let waiting = 0;
        let failedParent: { id: string; status: string } | null = null;
        for (const id of p.parentIds) {
          const status = found.get(id)!.status as string;
          const finished = status === 'succeeded' || status === 'failed' || status === 'canceled';
          if (p.policy === 'succeeded' && (status === 'failed' || status === 'canceled')) failedParent ??= { id, status };
          if (p.policy === 'succeeded' ? status !== 'succeeded' : !finished) waiting++;
        }
        sql.run('taskGraphMarkParents', { ids });
        sql.run('taskGraphEdges', { ids, childId: p.childId });
        const state = failedParent ? 'fail' : waiting > 0 ? 'wait' : 'run';
        const row = sql.get('taskGraphLinkChild', {
          childId: p.childId,
          ids,
          policy: p.policy,
          waiting: failedParent ? 0 : waiting,
          depth,
          state,
          error: failedParent ? DEPENDENCY_FAILED(failedParent.id, failedParent.status) : null,
          now: p.now,
          retentionMs: p.retentionMs,
        });
        const task = taskFromRow(row!);
        local.changed.push(task.id);
        if (task.status === 'queued') local.available.add(task.type);
        return { outcome: 'linked', task };
      });
    },

    taskParents({ id }) {
      return sql.all('taskParents', { id }).map((r) => ({
        id: r.id as string,
        type: (r.type as string | null) ?? null,
        status: r.status === null ? 'gone' : (r.status as TaskRow['status']),
        resultJson: (r.result as string | null) ?? null,
      }));
    },
  };
}

/**
 * Announces what finishing `finished` changed among their children (queued ones as available), into
 * the sink of the transaction that finished them: heard after its commit only. A no-op, without a
 * query, unless one of them has dependents.
 */
export function announceDependents(sql: Statements<keyof typeof Q>, finished: readonly TaskRow[], sink: EventSink): void {
  const parents = finished.filter((t) => t.graph.hasDependents);
  if (parents.length === 0) return;
  const transitive = parents.some((t) => t.status !== 'succeeded') ? 1 : 0;
  for (const r of sql.all('taskDependentsOf', { ids: JSON.stringify(parents.map((t) => t.id)), transitive })) {
    sink.changed.push(r.id as string);
    if (r.status === 'queued') sink.available.add(r.type as string);
  }
}

/** The graph part's queries on a connection, for other parts that announce dependents. */
export function graphQueries(c: SqliteConnection): Statements<keyof typeof Q> {
  return c.queries(Q);
}
