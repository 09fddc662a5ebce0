import { nextDurationStats } from '../../domain/estimates.ts';
import { compareClaimOrder, type QueueEntry } from '../../domain/queue-position.ts';
import type { TaskRow } from '../../domain/task.ts';
import { limitsAnything, type TenantLimit, tenantBudget } from '../../domain/tenant-budget.ts';
import type { AttemptStore, TaskClaimParams, TaskCompleteParams } from '../attempt-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Queries, Row, StoreContext } from './connection.ts';
import { isDeadlock } from './errors.ts';
import { announceDependents } from './graph-store.ts';
import { taskFromRow } from './row-mapping.ts';

// The runner's side: claims (SKIP LOCKED, one statement for all types) and the outcome writes, each
// fenced by the lease token. Completions are one statement however many there are.

const Q = loadQueries(new URL('./attempt-store.sql', import.meta.url), [
  'taskClaim', 'taskClaimLimitLock', 'taskClaimRunningByTenant', 'taskClaimCandidates', 'taskClaimIds', 'taskHeartbeat', 'taskProgress', 'taskComplete', 'taskFail', 'taskRelease', 'taskCancelAttempt',
  'taskCancelRequested',
] as const);

/** The running mean's weight, taken from the domain function so SQL and domain cannot drift apart. */
const STATS_WEIGHT = nextDurationStats({ count: 1, meanMs: 0 }, 1).meanMs;

export function postgresAttemptStore(ctx: StoreContext): AttemptStore {
  const sql = ctx.queries(Q);
  // Two completions of one attempt sent together must apply in call order, as they do on SQLite:
  // the later one finds the lease gone. On the pool they could run on two connections in either
  // order, so they are kept in order. Inside a transaction one connection runs them in order
  // anyway, and waiting there for a pool call could wait on this transaction's own row locks.
  const inCallOrder = <T>(ids: string[], fn: () => Promise<T>): Promise<T> =>
    ctx.ex.inTransaction ? fn() : ctx.shared.completionOrder.run(ids, fn);

  return {
    async taskClaim(params) {
      const types: string[] = [];
      const limits: number[] = [];
      for (const type of new Set(params.types)) {
        const n = Math.min(params.perType[type] ?? params.limit, params.limit);
        if (n > 0) {
          types.push(type);
          limits.push(n);
        }
      }
      if (types.length === 0 || params.limit <= 0) return [];
      const tenant = params.tenant ?? null;
      const rows = limitsAnything(params.tenantLimit)
        ? await claimWithinTenantLimit(ctx, params.tenantLimit, { ...params, tenant }, types, limits)
        : await sql.rows('taskClaim', [types, limits, params.now, params.limit, params.leaseMs, params.workerId, tenant]);
      const tasks = rows.map(taskFromRow).sort(compareClaimOrder);
      for (const t of tasks) ctx.ex.emit({ kind: 'changed', id: t.id });
      return tasks.map((task) => ({ task, leaseToken: task.leaseToken! }));
    },

    async taskHeartbeat(params) {
      const rows = await sql.rows('taskHeartbeat', [params.id, params.leaseToken, params.leaseMs, params.now]);
      return { ok: rows.length > 0, cancelRequested: rows.length > 0 && (rows[0]!.cancel_requested as boolean) };
    },

    async taskProgress(params) {
      const rows = await sql.rows('taskProgress', [
        params.id,
        params.leaseToken,
        params.percent,
        params.message,
        params.current,
        params.total,
        params.now,
      ]);
      if (rows.length === 0) return { ok: false, cancelRequested: false };
      ctx.ex.emit({ kind: 'changed', id: params.id });
      return { ok: true, cancelRequested: rows[0]!.cancel_requested as boolean };
    },

    async taskComplete(params) {
      return (await inCallOrder([params.id], () => completeAll(ctx, sql, [params])))[0]!;
    },

    async taskCompleteMany({ items }) {
      if (items.length === 0) return [];
      // One statement can complete an attempt once: an id given again (a second completion of the
      // same attempt) runs in a later round, in the same transaction, and finds the lease gone.
      const rounds = roundsOfDistinctIds(items);
      const ids = rounds[0]!.map((i) => items[i]!.id);
      if (rounds.length === 1) return inCallOrder(ids, () => completeAll(ctx, sql, items));
      return inCallOrder(ids, () => ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const out: (TaskRow | null)[] = new Array(items.length).fill(null);
        for (const round of rounds) {
          const rows = await completeAll(txCtx, tx, round.map((i) => items[i]!));
          round.forEach((itemIndex, k) => {
            out[itemIndex] = rows[k]!;
          });
        }
        return out;
      }));
    },

    async taskFail(params) {
      const values = [params.id, params.leaseToken, JSON.stringify(params.error), params.retryAt, params.now, params.retentionMs];
      const rows = await withDeadlockRetry(ctx, () => sql.rows('taskFail', values));
      if (rows.length === 0) return null;
      const task = ctx.emitOne(rows);
      await announceDependents(ctx, [task]);
      return task;
    },

    async taskRelease(params) {
      const rows = await sql.rows('taskRelease', [params.id, params.leaseToken, params.now]);
      return rows.length ? ctx.emitOne(rows) : null;
    },

    async taskCancelAttempt(params) {
      const rows = await sql.rows('taskCancelAttempt', [
        params.id,
        params.leaseToken,
        JSON.stringify(params.error),
        params.now,
        params.retentionMs,
      ]);
      if (rows.length === 0) return null;
      const task = ctx.emitOne(rows);
      await announceDependents(ctx, [task]);
      return task;
    },

    async taskCancelRequested({ ids }) {
      if (ids.length === 0) return [];
      return (await sql.rows('taskCancelRequested', [ids])).map((r) => r.id as string);
    },
  };
}

/**
 * A claim under a tenant limit, in one transaction behind the tenant-claims lock: count what runs
 * per tenant, read candidates in claim order (rounds as on SQLite, src/store/sqlite/attempt-store.ts),
 * keep those within the budget, mark them.
 */
async function claimWithinTenantLimit(
  ctx: StoreContext,
  limit: TenantLimit,
  params: TaskClaimParams & { tenant: string | null },
  types: string[],
  limits: number[],
): Promise<Row[]> {
  return ctx.tx(async (tx) => {
    const sql = tx.queries(Q);
    await sql.run('taskClaimLimitLock', []);
    const running = new Map((await sql.rows('taskClaimRunningByTenant', [params.tenant])).map((r) => [r.tenant as string, r.n as number]));
    const budget = tenantBudget(limit, running, Object.fromEntries(types.map((t, i) => [t, limits[i]!])), params.limit);
    const taken: string[] = [];
    for (let round = 0; round < 4 && budget.left() > 0; round++) {
      const heads = (await sql.rows('taskClaimCandidates', [types, limits, params.now, params.tenant, [...budget.full], taken]))
        .map((r) => ({ ...(r as unknown as QueueEntry), id: r.id as string, tenant: r.tenant as string, type: r.type as string }))
        .sort(compareClaimOrder);
      let crowdedOut = false;
      for (const h of heads) {
        if (budget.take(h)) taken.push(h.id);
        else if (budget.full.has(h.tenant)) crowdedOut = true;
      }
      if (!crowdedOut) break;
    }
    if (taken.length === 0) return [];
    return sql.rows('taskClaimIds', [taken, params.now, params.leaseMs, params.workerId]);
  });
}

/**
 * Completes items whose ids are distinct in one statement, folding their durations into the type
 * statistics; each item's row (announced) or null where the lease was lost, in item order.
 */
async function completeAll(ctx: StoreContext, sql: Queries<keyof typeof Q>, items: TaskCompleteParams[]): Promise<(TaskRow | null)[]> {
  const values = [
    items.map((c) => c.id),
    items.map((c) => c.leaseToken),
    items.map((c) => c.resultJson),
    items.map((c) => c.now),
    items.map((c) => c.retentionMs),
    STATS_WEIGHT,
  ];
  const rows = await withDeadlockRetry(ctx, () => sql.rows('taskComplete', values));
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out = items.map((item) => {
    const row = byId.get(item.id);
    return row ? ctx.emitOne([row]) : null;
  });
  await announceDependents(ctx, out.filter((t) => t !== null));
  return out;
}

/**
 * Completions of parents sharing children update those children from the parents' triggers, in an
 * order the statement does not fix: two such statements can deadlock, and PostgreSQL aborts one.
 * That statement changed nothing, so outside a transaction of the caller's it is simply run again.
 */
async function withDeadlockRetry<T>(ctx: StoreContext, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (ctx.ex.inTransaction || attempt >= 5 || !isDeadlock(err)) throw err;
    }
  }
}

/** Item indexes split so that no id occurs twice in a round; the k-th occurrence of an id is in round k. */
function roundsOfDistinctIds(items: TaskCompleteParams[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = seen.get(item.id) ?? 0;
    seen.set(item.id, k + 1);
    if (k === rounds.length) rounds.push([]);
    rounds[k]!.push(i);
  });
  return rounds;
}
