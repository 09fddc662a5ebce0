import { type DurationStats, nextDurationStats } from '../../domain/estimates.ts';
import { compareClaimOrder, type QueueEntry } from '../../domain/queue-position.ts';
import type { TaskRow } from '../../domain/task.ts';
import type { AttemptStore, ClaimedTask, TaskCompleteParams } from '../attempt-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, Statements, SyncPart } from './connection.ts';
import { announceDependents, graphQueries } from './graph-store.ts';
import type { EventSink } from './notifications.ts';
import { type SqlRow, statsFromRow, taskFromRow } from './row-mapping.ts';

// The runner's side: claims (under the write lock: SQLite has no SKIP LOCKED) and the outcome
// writes, each fenced by the lease token in its WHERE clause.

const Q = loadQueries(new URL('./attempt-store.sql', import.meta.url), [
  'taskClaimType', 'taskClaimCandidates', 'taskClaimSeqs', 'taskHeartbeat', 'taskProgress',
  'taskComplete', 'taskCompleteStatsGet', 'taskCompleteStatsUpsert', 'taskFail', 'taskRelease',
  'taskCancelAttempt', 'taskCancelRequested',
] as const);

export function sqliteAttemptStore(c: SqliteConnection): SyncPart<AttemptStore> {
  const sql = c.queries(Q);
  // A finished attempt may have released or failed children (migrations/006): announced with it.
  const graph = graphQueries(c);
  const task = (name: keyof typeof Q, params: object) => {
    const r = sql.get(name, params);
    return r ? taskFromRow(r) : null;
  };

  return {
    taskClaim(p, sink) {
      const types = p.types.filter((t) => (p.perType[t] ?? p.limit) > 0);
      if (p.limit <= 0 || types.length === 0) return [];
      const limitOf = (type: string) => Math.min(p.perType[type] ?? p.limit, p.limit);
      const base = { now: p.now, leaseMs: p.leaseMs, workerId: p.workerId };
      return c.write1(sink, (local) => {
        let claimed: TaskRow[];
        if (types.length === 1) {
          claimed = sql.all('taskClaimType', { ...base, type: types[0], limit: limitOf(types[0]!) }).map(taskFromRow);
        } else {
          // SQLite has no SKIP LOCKED and we hold the write lock anyway: read each type's queue head
          // (index-bounded), merge them in claim order, then mark the winners in one statement.
          const heads: QueueEntry[] = [];
          for (const type of types) {
            for (const r of sql.all('taskClaimCandidates', { type, now: p.now, limit: limitOf(type) })) {
              heads.push(r as unknown as QueueEntry);
            }
          }
          heads.sort(compareClaimOrder);
          const seqs = heads.slice(0, p.limit).map((h) => h.seq);
          claimed = seqs.length === 0 ? [] : sql.all('taskClaimSeqs', { ...base, seqs: JSON.stringify(seqs) }).map(taskFromRow);
        }
        claimed.sort(compareClaimOrder);
        for (const t of claimed) local.changed.push(t.id);
        return claimed.map((t): ClaimedTask => ({ task: t, leaseToken: t.leaseToken! }));
      });
    },

    taskHeartbeat(p, sink) {
      return c.write1(sink, () => {
        const r = sql.get('taskHeartbeat', p);
        return { ok: r !== undefined, cancelRequested: r?.cancel_requested === 1 };
      });
    },

    taskProgress(p, sink) {
      return c.write1(sink, (local) => {
        const r = sql.get('taskProgress', p);
        if (r) local.changed.push(p.id);
        return { ok: r !== undefined, cancelRequested: r?.cancel_requested === 1 };
      });
    },

    taskComplete: (p, sink) => completeMany(c, sql, [p], sink, graph)[0]!,

    taskCompleteMany: ({ items }, sink) => (items.length === 0 ? [] : completeMany(c, sql, items, sink, graph)),

    taskFail(p, sink) {
      return c.write1(sink, (local) => {
        const t = task('taskFail', { ...p, error: JSON.stringify(p.error) });
        if (t) {
          local.changed.push(t.id);
          announceDependents(graph, [t], local);
        }
        return t;
      });
    },

    taskRelease(p, sink) {
      return c.write1(sink, (local) => {
        const t = task('taskRelease', p);
        if (!t) return null;
        local.changed.push(t.id);
        local.available.add(t.type);
        return t;
      });
    },

    taskCancelAttempt(p, sink) {
      return c.write1(sink, (local) => {
        const t = task('taskCancelAttempt', { ...p, error: JSON.stringify(p.error) });
        if (t) {
          local.changed.push(t.id);
          announceDependents(graph, [t], local);
        }
        return t;
      });
    },

    taskCancelRequested({ ids }) {
      if (ids.length === 0) return [];
      return sql.all('taskCancelRequested', { ids: JSON.stringify(ids) }).map((r) => r.id as string);
    },
  };
}

/**
 * Completes the attempts one after the other in one transaction, with one statistics write per type
 * (read once, folded in item order, written once) instead of one per task. Returns the row, or null
 * where the lease was lost, in the order of `items`.
 */
function completeMany(
  c: SqliteConnection,
  sql: Statements<keyof typeof Q>,
  items: TaskCompleteParams[],
  sink: EventSink,
  graph: Parameters<typeof announceDependents>[0],
): (TaskRow | null)[] {
  return c.write(sink, (local) => {
    const complete = sql.stmt('taskComplete');
    const out: (TaskRow | null)[] = [];
    const stats = new Map<string, DurationStats | null>();
    for (const item of items) {
      const r = complete.get(item as never) as SqlRow | undefined;
      if (!r) {
        out.push(null);
        continue;
      }
      const t = taskFromRow(r);
      out.push(t);
      local.changed.push(t.id);
      if (!stats.has(t.type)) {
        const prev = sql.get('taskCompleteStatsGet', { type: t.type });
        stats.set(t.type, prev ? statsFromRow(prev) : null);
      }
      stats.set(t.type, nextDurationStats(stats.get(t.type)!, Math.max(0, item.now - (t.startedAt ?? item.now))));
    }
    const upsert = sql.stmt('taskCompleteStatsUpsert');
    for (const [type, next] of stats) upsert.run({ type, count: next!.count, meanMs: next!.meanMs });
    announceDependents(graph, out.filter((t) => t !== null), local);
    return out;
  });
}
