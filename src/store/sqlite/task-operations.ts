import type { StatementSync } from 'node:sqlite';
import { nextDurationStats, type DurationStats } from '../../domain/estimates.ts';
import type { TaskRow } from '../../domain/task.ts';
import { compareClaimOrder, type QueueEntry } from '../../domain/queue-position.ts';
import { recordedResult, resultColumns } from '../idempotency-record.ts';
import { decodeListCursor, encodeListCursor } from '../list-cursor.ts';
import type { WebhookStore } from '../webhook-store.ts';
import {
  type ClaimedTask,
  type IdempotencyResult,
  type Store,
  StoreConflictError,
  type StoreConflictKind,
} from '../store.ts';
import { apiKeyFromRow, insertedTask, insertParams, type SqlRow, taskFromRow, tombstoneFromRow } from './task-row.ts';

// The Store methods as synchronous functions over one SQLite connection (node:sqlite is synchronous).
// sqlite-store.ts decides when they may run (never while another caller's transaction is open) and
// when their events are emitted (after commit). Events go to a sink, never straight to listeners.

export interface EventSink {
  changed: string[];
  available: Set<string>;
}

export function newSink(): EventSink {
  return { changed: [], available: new Set() };
}

// The webhook methods live in webhook-operations.ts.
type OpName = Exclude<keyof Store, 'capabilities' | 'events' | 'migrate' | 'ping' | 'close' | 'withTransaction' | keyof WebhookStore>;
type Params<K extends OpName> = Parameters<Store[K]>[0];
type Result<K extends OpName> = Awaited<ReturnType<Store[K]>>;
export type Operations = { [K in OpName]: (params: Params<K>, sink: EventSink) => Result<K> };

export interface Connection {
  /** The cached prepared statement of a named query. */
  q(name: string): StatementSync;
  /**
   * Runs `fn` atomically: in its own BEGIN IMMEDIATE transaction, or in a savepoint when a
   * transaction is already open (`multi: false` when `fn` writes with one statement: no savepoint
   * needed). Its events reach `sink` only when it succeeds.
   */
  write<T>(sink: EventSink, fn: (local: EventSink) => T, multi?: boolean): T;
}

const CONSTRAINT_UNIQUE = 2067;
const CONSTRAINT_PRIMARYKEY = 1555;

/** Maps SQLite's uniqueness error to the conflict the caller can act on (by the index it names). */
function conflictKind(err: unknown): StoreConflictKind | null {
  if (typeof err !== 'object' || err === null) return null;
  const { errcode, message } = err as { errcode?: number; message?: string };
  if (errcode !== CONSTRAINT_UNIQUE && errcode !== CONSTRAINT_PRIMARYKEY) return null;
  if (message?.includes('tasks.custom_id')) return 'custom-id';
  if (message?.includes('tasks.id')) return 'task-id';
  return null;
}

export interface Completion {
  id: string;
  leaseToken: string;
  resultJson: string | null;
  now: number;
  retentionMs: number;
}

/**
 * Completes several attempts in one transaction (sqlite-store.ts groups the completions of one
 * event-loop turn: one commit and one statistics write per type instead of one per task). Returns
 * the row, or null where the lease was lost, in the order of `items`.
 */
export function completeMany(c: Connection, items: Completion[], sink: EventSink): (TaskRow | null)[] {
  return c.write(sink, (local) => {
    const complete = c.q('taskComplete');
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
        const prev = c.q('typeStatsGet').get({ type: t.type }) as SqlRow | undefined;
        stats.set(t.type, prev ? statsFromRow(prev) : null);
      }
      stats.set(t.type, nextDurationStats(stats.get(t.type)!, Math.max(0, item.now - (t.startedAt ?? item.now))));
    }
    const upsert = c.q('typeStatsUpsert');
    for (const [type, next] of stats) upsert.run({ type, count: next!.count, meanMs: next!.meanMs });
    return out;
  });
}

const statsFromRow = (r: SqlRow): DurationStats => ({ count: r.count as number, meanMs: r.mean_ms as number });

function idempotencyParams(p: { tenant: string; key: string; statusCode: number } & IdempotencyResult) {
  return { tenant: p.tenant, key: p.key, statusCode: p.statusCode, ...resultColumns(p) };
}

export function createOperations(c: Connection): Operations {
  const { q, write } = c;
  // One writing statement (plus reads): atomic by itself, no savepoint inside a transaction.
  const write1 = <T>(sink: EventSink, fn: (local: EventSink) => T) => write(sink, fn, false);
  const rows = (name: string, params: object = {}) => q(name).all(params as never) as SqlRow[];
  const row = (name: string, params: object = {}) => q(name).get(params as never) as SqlRow | undefined;
  const tasks = (name: string, params: object) => rows(name, params).map(taskFromRow);
  const task = (name: string, params: object) => {
    const r = row(name, params);
    return r ? taskFromRow(r) : null;
  };
  const changed = (sink: EventSink, list: TaskRow[]) => {
    for (const t of list) sink.changed.push(t.id);
  };
  const taskGet = (p: { tenant: string | null; id: string }) => task('taskGet', p);

  return {
    taskInsert({ task: t }, sink) {
      return write1(sink, (local) => {
        try {
          const { lastInsertRowid } = q('taskInsert').run(insertParams(t));
          local.changed.push(t.id);
          if (t.status === 'queued') local.available.add(t.type);
          return { task: insertedTask(t, Number(lastInsertRowid)) };
        } catch (err) {
          const kind = conflictKind(err);
          throw kind ? new StoreConflictError(kind) : err;
        }
      });
    },

    taskInsertMany({ tasks: list }, sink) {
      return write(sink, (local) => {
        const stmt = q('taskInsert');
        const out: TaskRow[] = new Array(list.length);
        for (let i = 0; i < list.length; i++) {
          const t = list[i]!;
          try {
            out[i] = insertedTask(t, Number(stmt.run(insertParams(t)).lastInsertRowid));
          } catch (err) {
            const kind = conflictKind(err);
            throw kind ? new StoreConflictError(kind, i) : err;
          }
          local.changed.push(t.id);
          if (t.status === 'queued') local.available.add(t.type);
        }
        return { tasks: out };
      });
    },

    taskGet: (p) => taskGet(p),
    taskGetByCustomId: (p) => task('taskGetByCustomId', p),

    taskList(p) {
      const list = tasks(p.tenant === null ? 'taskListAnyTenant' : 'taskList', {
        tenant: p.tenant,
        statuses: p.statuses?.length ? JSON.stringify(p.statuses) : null,
        type: p.type ?? null,
        customId: p.customId ?? null,
        createdAfter: p.createdAfter ?? null,
        createdBefore: p.createdBefore ?? null,
        metadata: p.metadata && Object.keys(p.metadata).length > 0 ? JSON.stringify(p.metadata) : null,
        cursor: p.cursor ? decodeListCursor(p.cursor) : null,
        limit: p.limit + 1,
      });
      const more = list.length > p.limit;
      if (more) list.length = p.limit;
      return { tasks: list, nextCursor: more ? encodeListCursor(list[list.length - 1]!.seq) : null };
    },

    taskQueueHead({ type, limit }) {
      return rows('taskQueueHead', { type, limit }).map(
        (r): QueueEntry => ({ priority: r.priority as number, runAt: r.runAt as number, seq: r.seq as number }),
      );
    },

    taskVersions({ ids }) {
      const out = new Map<string, number>();
      if (ids.length === 0) return out;
      for (const r of rows('taskVersions', { ids: JSON.stringify(ids) })) out.set(r.id as string, r.version as number);
      return out;
    },

    taskCancel(p, sink) {
      return write1(sink, (local) => {
        const cur = taskGet(p);
        if (!cur) return null;
        switch (cur.status) {
          case 'pending':
          case 'queued': {
            const t = task('taskCancel', { id: cur.id, error: JSON.stringify(p.error), now: p.now, retentionMs: p.retentionMs })!;
            local.changed.push(t.id);
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
      return write1(sink, (local) => {
        const cur = taskGet(p);
        if (!cur) return null;
        if (cur.status !== 'pending' && cur.status !== 'queued') return { outcome: 'wrong-state', task: cur };
        if (cur.version !== p.version) return { outcome: 'version-mismatch', task: cur };
        const { patch, now } = p;
        const runAt = patch.runAt ?? cur.runAt;
        const status = patch.runAt === undefined ? cur.status : runAt <= now ? 'queued' : 'pending';
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
      return write1(sink, (local) => {
        const t = task('taskRequestDestroy', p);
        if (!t) return taskGet(p);
        local.changed.push(t.id);
        return t;
      });
    },

    taskDestroy(p, sink) {
      return write(sink, (local) => {
        const t = task('taskDestroy', p);
        if (!t) return null;
        q('taskDestroyTombstone').run({ id: t.id, tenant: t.tenant, reason: p.reason, at: p.now });
        q('taskDestroyLinks').run({ id: t.id, tenant: t.tenant });
        q('taskDestroyReservation').run({ id: t.id });
        local.changed.push(t.id);
        return t;
      });
    },

    tombstoneGet(p) {
      const r = row('tombstoneGet', p);
      return r ? tombstoneFromRow(r) : null;
    },

    taskClaim(p, sink) {
      const types = p.types.filter((t) => (p.perType[t] ?? p.limit) > 0);
      if (p.limit <= 0 || types.length === 0) return [];
      const limitOf = (type: string) => Math.min(p.perType[type] ?? p.limit, p.limit);
      const base = { now: p.now, leaseMs: p.leaseMs, workerId: p.workerId };
      return write1(sink, (local) => {
        let claimed: TaskRow[];
        if (types.length === 1) {
          claimed = tasks('taskClaimType', { ...base, type: types[0], limit: limitOf(types[0]!) });
        } else {
          // SQLite has no SKIP LOCKED and we hold the write lock anyway: read each type's queue head
          // (index-bounded), merge them in claim order, then mark the winners in one statement.
          const heads: QueueEntry[] = [];
          for (const type of types) {
            for (const r of rows('taskClaimCandidates', { type, now: p.now, limit: limitOf(type) })) {
              heads.push(r as unknown as QueueEntry);
            }
          }
          heads.sort(compareClaimOrder);
          const seqs = heads.slice(0, p.limit).map((h) => h.seq);
          claimed = seqs.length === 0 ? [] : tasks('taskClaimSeqs', { ...base, seqs: JSON.stringify(seqs) });
        }
        claimed.sort(compareClaimOrder);
        changed(local, claimed);
        return claimed.map((t): ClaimedTask => ({ task: t, leaseToken: t.leaseToken! }));
      });
    },

    taskHeartbeat(p, sink) {
      return write1(sink, () => {
        const r = row('taskHeartbeat', p);
        return { ok: r !== undefined, cancelRequested: r?.cancel_requested === 1 };
      });
    },

    taskProgress(p, sink) {
      return write1(sink, (local) => {
        const r = row('taskProgress', p);
        if (r) local.changed.push(p.id);
        return { ok: r !== undefined, cancelRequested: r?.cancel_requested === 1 };
      });
    },

    taskComplete: (p, sink) => completeMany(c, [p], sink)[0]!,

    taskFail(p, sink) {
      return write1(sink, (local) => {
        const t = task('taskFail', { ...p, error: JSON.stringify(p.error) });
        if (t) local.changed.push(t.id);
        return t;
      });
    },

    taskRelease(p, sink) {
      return write1(sink, (local) => {
        const t = task('taskRelease', p);
        if (!t) return null;
        local.changed.push(t.id);
        local.available.add(t.type);
        return t;
      });
    },

    taskCancelAttempt(p, sink) {
      return write1(sink, (local) => {
        const t = task('taskCancelAttempt', { ...p, error: JSON.stringify(p.error) });
        if (t) local.changed.push(t.id);
        return t;
      });
    },

    taskCancelRequested({ ids }) {
      if (ids.length === 0) return [];
      return rows('taskCancelRequested', { ids: JSON.stringify(ids) }).map((r) => r.id as string);
    },

    taskRescueExpired(p, sink) {
      return write1(sink, (local) => {
        const all = tasks('taskRescueExpired', { ...p, error: JSON.stringify(p.error) });
        const requeued = all.filter((t) => t.status === 'queued').sort(compareClaimOrder);
        const failed = all.filter((t) => t.status === 'failed');
        changed(local, all);
        for (const t of requeued) local.available.add(t.type);
        return { requeued, failed };
      });
    },

    taskPromoteDue(p, sink) {
      return write1(sink, (local) => {
        const promoted = rows('taskPromoteDue', p);
        for (const r of promoted) {
          local.changed.push(r.id as string);
          local.available.add(r.type as string);
        }
        const next = row('taskPromoteDueNext')?.next;
        return { promoted: promoted.length, nextRunAt: typeof next === 'number' ? next : null };
      });
    },

    taskExpire(p, sink) {
      return write(sink, (local) => {
        const canceled = tasks('taskExpireCancel', { ...p, error: JSON.stringify(p.error) });
        const purged = tasks('taskExpirePurge', { now: p.now, limit: p.limit });
        for (const t of purged) {
          q('taskDestroyTombstone').run({ id: t.id, tenant: t.tenant, reason: 'expired', at: p.now });
          q('taskDestroyLinks').run({ id: t.id, tenant: t.tenant });
        }
        changed(local, canceled);
        changed(local, purged);
        return { canceled, purged };
      });
    },

    taskListDestroyPending: (p) => tasks('taskListDestroyPending', p),

    taskQueueDepth: () =>
      rows('taskQueueDepth').map((r) => ({ type: r.type as string, status: r.status as TaskRow['status'], count: r.count as number })),

    typeStatsGet(p) {
      const r = row('typeStatsGet', p);
      return r ? statsFromRow(r) : null;
    },

    typeStatsAll: () => new Map(rows('typeStatsAll').map((r) => [r.type as string, statsFromRow(r)])),

    reservationCreate(p, sink) {
      write1(sink, () => q('reservationCreate').run(p));
    },
    reservationTake: (p, sink) => write1(sink, () => row('reservationTake', p) !== undefined),
    reservationPurge: (p, sink) => write1(sink, () => Number(q('reservationPurge').run(p).changes)),

    idempotencyBegin(p, sink) {
      return write1(sink, () => {
        const key = { tenant: p.tenant, key: p.key };
        const rec = row('idempotencyGet', key);
        if (!rec || (rec.expires_at as number) <= p.now) {
          q('idempotencyBegin').run(p);
          return { state: 'new' };
        }
        if (rec.fingerprint !== p.fingerprint) return { state: 'mismatch' };
        const recorded = recordedResult(rec);
        if (rec.state === 'done' && recorded) return { state: 'done', statusCode: rec.status_code as number, ...recorded };
        if ((rec.locked_until as number) > p.now) return { state: 'in-flight' };
        // The request that held the lock died: if it got as far as creating the task (or recording
        // its bulk outcome), replay that.
        if (recorded) return { state: 'done', statusCode: rec.status_code as number, ...recorded };
        q('idempotencyRelock').run({ ...key, lockedUntil: p.lockedUntil });
        return { state: 'new' };
      });
    },
    idempotencyAttach(p, sink) {
      write1(sink, () => q('idempotencyAttach').run(idempotencyParams(p)));
    },
    idempotencyFinish(p, sink) {
      write1(sink, () => q('idempotencyFinish').run(idempotencyParams(p)));
    },
    idempotencyRelease(p, sink) {
      write1(sink, () => q('idempotencyRelease').run(p));
    },
    idempotencyPurge: (p, sink) => write1(sink, () => Number(q('idempotencyPurge').run(p).changes)),

    choreLeaseAcquire: (p, sink) => write1(sink, () => row('choreLeaseAcquire', p) !== undefined),
    choreLeaseRelease(p, sink) {
      write1(sink, () => q('choreLeaseRelease').run(p));
    },

    apiKeyCreate({ key, hash }, sink) {
      write1(sink, () => q('apiKeyCreate').run({ ...key, admin: key.admin ? 1 : 0, hash }));
    },
    apiKeyByHash(p) {
      const r = row('apiKeyByHash', p);
      return r ? apiKeyFromRow(r) : null;
    },
    apiKeyList: (p) => rows('apiKeyList', p).map(apiKeyFromRow),
    apiKeyRevoke: (p, sink) => write1(sink, () => row('apiKeyRevoke', p) !== undefined),
    apiKeyCount: () => (row('apiKeyCount')?.n as number) ?? 0,
  };
}
