import type { TaskRow } from '../../domain/task.ts';
import type { TaskGraphStore } from '../graph-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { StoreContext } from './connection.ts';

// Linking a child to its parents, and reading a child's parents. The children's fate when a parent
// finishes is the database's (triggers of migrations/008); announceDependents tells this and the
// other processes about it after the parent's transaction commits.

const Q = loadQueries(new URL('./graph-store.sql', import.meta.url), [
  'taskGraphParents', 'taskGraphMarkParents', 'taskGraphEdges', 'taskGraphLinkChild', 'taskParents', 'taskDependentsOf',
] as const);

const dependencyFailed = (parent: string, status: string) =>
  JSON.stringify({
    type: '/errors/dependency-failed',
    title: 'A task this one depends on did not succeed',
    status: 424,
    detail: `task ${parent} ended ${status}`,
    code: 'dependency-failed',
  });

export function postgresGraphStore(ctx: StoreContext): TaskGraphStore {
  const sql = ctx.queries(Q);
  return {
    taskGraphLink(p) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const rows = await tx.rows('taskGraphParents', [p.tenant, p.parentIds]);
        const found = new Map(rows.map((r) => [r.id as string, r]));
        const invalid = p.parentIds.filter((id) => id === p.childId || !found.has(id));
        if (invalid.length > 0) return { outcome: 'invalid' as const, ids: invalid };
        const depth = 1 + Math.max(...rows.map((r) => r.graph_depth as number));
        if (depth > p.maxDepth) return { outcome: 'too-deep' as const, depth };
        let waiting = 0;
        let failedParent: { id: string; status: string } | null = null;
        for (const id of p.parentIds) {
          const status = found.get(id)!.status as string;
          const finished = status === 'succeeded' || status === 'failed' || status === 'canceled';
          if (p.policy === 'succeeded' && (status === 'failed' || status === 'canceled')) failedParent ??= { id, status };
          if (p.policy === 'succeeded' ? status !== 'succeeded' : !finished) waiting++;
        }
        await tx.run('taskGraphMarkParents', [p.parentIds]);
        await tx.run('taskGraphEdges', [p.parentIds, p.childId]);
        const state = failedParent ? 'fail' : waiting > 0 ? 'wait' : 'run';
        const linked = await tx.rows('taskGraphLinkChild', [
          p.childId,
          JSON.stringify(p.parentIds),
          p.policy,
          failedParent ? 0 : waiting,
          depth,
          state,
          failedParent ? dependencyFailed(failedParent.id, failedParent.status) : null,
          p.now,
          p.retentionMs,
        ]);
        return { outcome: 'linked' as const, task: txCtx.emitOne(linked) };
      });
    },

    async taskParents({ id }) {
      return (await sql.rows('taskParents', [id])).map((r) => ({
        id: r.id as string,
        type: (r.type as string | null) ?? null,
        status: r.status === null ? ('gone' as const) : (r.status as TaskRow['status']),
        resultJson: (r.result as string | null) ?? null,
      }));
    },
  };
}

/**
 * Announces what finishing `finished` changed among their children (queued ones as available),
 * through `ctx`: after commit when it is a transaction's. No query unless one has dependents.
 */
export async function announceDependents(ctx: StoreContext, finished: readonly TaskRow[]): Promise<void> {
  const parents = finished.filter((t) => t.graph.hasDependents);
  if (parents.length === 0) return;
  const transitive = parents.some((t) => t.status !== 'succeeded');
  const rows = await ctx.queries(Q).rows('taskDependentsOf', [parents.map((t) => t.id), transitive]);
  for (const r of rows) {
    ctx.ex.emit({ kind: 'changed', id: r.id as string });
    if (r.status === 'queued') ctx.ex.emit({ kind: 'available', type: r.type as string });
  }
}
