import { nextDurationStats } from '../../domain/estimates.ts';
import type { TaskRow } from '../../domain/task.ts';
import { loadQueries } from '../sql-file.ts';
import type { CompleteBatcher } from './complete-batcher.ts';
import type { Executor, Row } from './executor.ts';
import type { NotificationListener } from './notification-listener.ts';
import type { NotificationPublisher } from './notification-publisher.ts';
import type pg from 'pg';
import type { TaskEvents } from './task-events.ts';
import { taskFromRow } from './row-mapping.ts';

// What every part of the PostgreSQL store works with: the named queries, where to send them (pool or
// transaction), and the store-wide resources. One context per store view; a transaction gets its own.

export const Q = loadQueries(new URL('./queries.sql', import.meta.url), [
  'taskInsert',
  'taskInsertMany',
  'taskInsertConflictsExisting',
  'taskGet',
  'taskGetForUpdate',
  'taskGetByCustomId',
  'taskList',
  'taskQueueHead',
  'taskVersions',
  'taskCancelNow',
  'taskCancelRequest',
  'taskUpdate',
  'taskRequestDestroy',
  'taskDestroy',
  'tombstoneGet',
  'taskClaim',
  'taskHeartbeat',
  'taskProgress',
  'taskComplete',
  'taskFail',
  'taskRelease',
  'taskCancelAttempt',
  'taskCancelRequested',
  'taskRescueExpired',
  'taskPromoteDue',
  'taskPromoteDueNext',
  'taskExpireCancel',
  'taskExpirePurge',
  'taskListDestroyPending',
  'taskQueueDepth',
  'typeStatsGet',
  'typeStatsAll',
  'reservationCreate',
  'reservationTake',
  'reservationPurge',
  'idempotencyBegin',
  'idempotencyBeginExisting',
  'idempotencyBeginTakeOver',
  'idempotencyAttach',
  'idempotencyFinish',
  'idempotencyRelease',
  'idempotencyPurge',
  'choreLeaseAcquire',
  'choreLeaseRelease',
  'apiKeyCreate',
  'apiKeyByHash',
  'apiKeyList',
  'apiKeyRevoke',
  'apiKeyCount',
] as const);
export type QueryName = keyof typeof Q;

/** The running mean's weight, taken from the domain function so SQL and domain cannot drift apart. */
export const STATS_WEIGHT = nextDurationStats({ count: 1, meanMs: 0 }, 1).meanMs;

/** Resources shared by a store and all its transaction views. */
export interface Shared {
  pool: pg.Pool;
  listener: NotificationListener;
  publisher: NotificationPublisher;
  events: TaskEvents;
  completer: CompleteBatcher;
  closed: boolean;
}

export class StoreContext {
  readonly ex: Executor;
  readonly shared: Shared;

  constructor(shared: Shared, ex: Executor) {
    this.shared = shared;
    this.ex = ex;
  }

  /** Named queries are prepared once per connection; `prepared: false` plans with the actual values. */
  run(name: QueryName, values: unknown[], prepared = true): Promise<pg.QueryResult<Row>> {
    return this.ex.query(prepared ? name : '', Q[name], values);
  }

  async rows(name: QueryName, values: unknown[]): Promise<Row[]> {
    return (await this.run(name, values)).rows;
  }

  /** Multi-statement operations run in a transaction of their own, or in the caller's. */
  tx<T>(fn: (tx: StoreContext) => Promise<T>): Promise<T> {
    return this.ex.transaction((ex) => fn(ex === this.ex ? this : new StoreContext(this.shared, ex)));
  }

  async forUpdate(tenant: string | null, id: string): Promise<TaskRow | null> {
    const row = (await this.rows('taskGetForUpdate', [id, tenant]))[0];
    return row ? taskFromRow(row) : null;
  }

  /** Announces changed tasks (and the queued ones as available), after commit when in a transaction. */
  emitTasks(tasks: TaskRow[]): void {
    for (const t of tasks) {
      this.ex.emit({ kind: 'changed', id: t.id });
      if (t.status === 'queued') this.ex.emit({ kind: 'available', type: t.type });
    }
  }

  /** The single changed row of an UPDATE … RETURNING, announced. */
  emitOne(rows: Row[]): TaskRow {
    const task = taskFromRow(rows[0]!);
    this.emitTasks([task]);
    return task;
  }
}
