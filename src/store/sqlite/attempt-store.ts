import { type DurationStats, nextDurationStats } from '../../domain/estimates.ts';
import { compareClaimOrder, type QueueEntry } from '../../domain/queue-position.ts';
import type { TaskRow } from '../../domain/task.ts';
import { limitsAnything, tenantBudget } from '../../domain/tenant-budget.ts';
import type { AttemptStore, ClaimedTask, TaskCompleteParams } from '../attempt-store.ts';
import { EVERY_TENANT } from '../queue-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, Statements, SyncPart } from './connection.ts';
import { announceDependents, graphQueries } from './graph-store.ts';
import type { EventSink } from './notifications.ts';
import { type SqlRow, statsFromRow, taskFromRow } from './row-mapping.ts';

// The runner's side: claims (under the write lock: SQLite has no SKIP LOCKED) and the outcome
// writes, each fenced by the lease token in its WHERE clause.

const Q = loadQueries(new URL('./attempt-store.sql', import.meta.url), [
  'taskClaimPauses', 'taskClaimType', 'taskClaimCandidates', 'taskClaimCandidatesFiltered', 'taskClaimRunningByTenant', 'taskClaimSeqs', 'taskHeartbeat', 'taskProgress',
  'taskComplete', 'taskCompleteStatsGet', 'taskCompleteStatsUpsert', 'taskFail', 'taskRelease',
  'taskCancelAttempt', 'taskCancelRequested',
] as const);

export function sqliteAttemptStore(c: SqliteConnection): SyncPart<AttemptStore> {
  const sql = c.queries(Q);
  // A finished attempt may have released or failed children (migrations/008): announced with it.
  const graph = graphQueries(c);
  const task = (name: keyof typeof Q, params: object) => {
    const r = sql.get(name, params);
    return r ? taskFromRow(r) : null;
  };

  return {
    taskClaim(p, sink) {
      const requested = [...new Set(p.types)].filter((t) => (p.perType[t] ?? p.limit) > 0);
      if (p.limit <= 0 || requested.length === 0) return [];
      const limitOf = (type: string) => Math.min(p.perType[type] ?? p.limit, p.limit);
      const tenant = p.tenant ?? null;
      const base = { now: p.now, leaseMs: p.leaseMs, workerId: p.workerId };
      return c.write1(sink, (local) => {
        // Under the write lock: the pauses, the running counts and the marking below see one state.
        const pauses = sql.all('taskClaimPauses', { types: JSON.stringify(requested) });
        const pausedForAll = new Set(pauses.filter((r) => r.tenant === EVERY_TENANT).map((r) => r.type as string));
        const types = requested.filter((t) => !pausedForAll.has(t));
        const filtered = pauses.length > pausedForAll.size || tenant !== null || limitsAnything(p.tenantLimit);
        const candidates = (type: string, excluded: Iterable<string>, taken: number[]) =>
          (filtered
            ? sql.all('taskClaimCandidatesFiltered', {
                type, tenant, now: p.now, limit: limitOf(type), excluded: JSON.stringify([...excluded]), taken: JSON.stringify(taken),
              })
            : sql.all('taskClaimCandidates', { type, now: p.now, limit: limitOf(type) })) as unknown as ClaimCandidate[];
        let seqs: number[] = [];
        let claimed: TaskRow[] = [];
        if (types.length === 0) {
          // every requested queue is paused
        } else if (limitsAnything(p.tenantLimit)) {
          const running = new Map(sql.all('taskClaimRunningByTenant', { tenant }).map((r) => [r.tenant as string, r.n as number]));
          seqs = chooseWithinBudget(tenantBudget(p.tenantLimit, running, Object.fromEntries(types.map((t) => [t, limitOf(t)])), p.limit), types, candidates);
        } else if (types.length === 1 && !filtered) {
          claimed = sql.all('taskClaimType', { ...base, type: types[0], limit: limitOf(types[0]!) }).map(taskFromRow);
        } else {
          // SQLite has no SKIP LOCKED and we hold the write lock anyway: read each type's queue head
          // (index-bounded), merge them in claim order, then mark the winners in one statement.
          const heads = types.flatMap((type) => candidates(type, [], []));
          heads.sort(compareClaimOrder);
          seqs = heads.slice(0, p.limit).map((h) => h.seq);
        }
        if (seqs.length > 0) claimed = sql.all('taskClaimSeqs', { ...base, seqs: JSON.stringify(seqs) }).map(taskFromRow);
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

interface ClaimCandidate extends QueueEntry {
  tenant: string;
  type: string;
}

/**
 * The candidates a tenant budget accepts, in claim order. A tenant that fills up during a round may
 * have crowded out other tenants' tasks behind it; another round reads past it (at most four).
 */
function chooseWithinBudget(
  budget: ReturnType<typeof tenantBudget>,
  types: string[],
  candidates: (type: string, excluded: Iterable<string>, taken: number[]) => ClaimCandidate[],
): number[] {
  const taken: number[] = [];
  for (let round = 0; round < 4 && budget.left() > 0; round++) {
    const heads = types.flatMap((type) => candidates(type, budget.full, taken)).sort(compareClaimOrder);
    let crowdedOut = false;
    for (const h of heads) {
      if (budget.take(h)) taken.push(h.seq);
      else if (budget.full.has(h.tenant)) crowdedOut = true;
    }
    if (!crowdedOut) break;
  }
  return taken;
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
