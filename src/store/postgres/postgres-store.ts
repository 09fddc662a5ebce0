import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type DurationStats, nextDurationStats } from '../../domain/estimates.ts';
import type { Metadata, NewTask, TaskError, TaskRow, TaskStatus, Tombstone } from '../../domain/task.ts';
import { loadQueries } from '../sql-file.ts';
import {
  type ApiKeyRow,
  type CancelOutcome,
  type ClaimedTask,
  type IdempotencyBegin,
  type QueueDepthRow,
  type Store,
  type StoreCapabilities,
  StoreConflictError,
  type StoreEvents,
  type TaskListParams,
} from '../store.ts';
import { CompleteBatcher, type Completion } from './complete-batcher.ts';
import { type Executor, PoolExecutor, type Row } from './executor.ts';
import { loadMigrations, migrate, schemaVersion } from './migrator.ts';
import { CHANNEL_AVAILABLE, CHANNEL_CHANGED, NotificationListener } from './notification-listener.ts';
import { mapUnavailable, uniqueViolation } from './pg-errors.ts';
import {
  apiKeyFromRow,
  compareClaimOrder,
  insertedTask,
  jsonOrNull,
  taskFromRow,
  taskInsertManyParams,
  taskInsertParams,
  tombstoneFromRow,
} from './row-mapping.ts';
import { TaskEvents } from './task-events.ts';

const Q = loadQueries(new URL('./queries.sql', import.meta.url), [
  'taskInsert',
  'taskInsertMany',
  'taskInsertConflictsExisting',
  'taskGet',
  'taskGetForUpdate',
  'taskGetByCustomId',
  'taskList',
  'taskPosition',
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
type QueryName = keyof typeof Q;

/** The running mean's weight, taken from the domain function so SQL and domain cannot drift apart. */
const STATS_WEIGHT = nextDurationStats({ count: 1, meanMs: 0 }, 1).meanMs;

const MIGRATIONS = loadMigrations();
const CODE_VERSION = MIGRATIONS.length;

/** Constraint/index names from migrations/001_init.sql. */
const CONFLICT_BY_CONSTRAINT: Record<string, 'task-id' | 'custom-id'> = {
  tasks_pkey: 'task-id',
  tasks_tenant_custom_id_key: 'custom-id',
};

export interface PostgresStoreOptions {
  url: string;
  /** Every connection uses this schema (created when missing); tests get one each. */
  schema?: string;
  poolSize?: number;
  logger?: { warn(o: object, msg?: string): void; error(o: object, msg?: string): void };
}

const silentLogger = { warn() {}, error() {} };

/** int8 (counts, BIGINT ms times, seq) as JS numbers, for this pool only: pg's global parsers stay untouched. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const schema = options.schema;
  // ≤ 45 characters: notification channels are 'offload_available.<schema>', at most 63 in all.
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,44}$/.test(schema)) {
    throw new Error(`postgres schema name must be a plain identifier of at most 45 characters, got "${schema}"`);
  }
  const clientConfig: pg.ClientConfig = {
    connectionString: options.url,
    types: TYPES,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  if (schema) await createSchema(clientConfig, schema);

  // application_name names the schema so an operator (or a test) can tell whose connections these are.
  const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10, application_name: `offload:${schema ?? 'default'}` });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash.
  pool.on('error', (err) => logger.error({ err }, 'postgres pool: idle client error'));

  const instanceKey = randomUUID();
  const events = new TaskEvents((err) => logger.error({ err }, 'task event listener threw'));
  const listener = new NotificationListener({
    clientConfig: { ...clientConfig, application_name: `offload-listener:${schema ?? 'default'}` },
    logger,
    onNotification: (channel, payload) => {
      const bar = payload.indexOf('|');
      // Our own changes were emitted locally already, right after commit.
      if (bar < 0 || payload.slice(0, bar) === instanceKey) return;
      const body = payload.slice(bar + 1);
      if (channel === CHANNEL_AVAILABLE) events.emitAvailable(body);
      else if (channel === CHANNEL_CHANGED) for (const id of body.split(',')) events.emitChanged(id);
    },
  });
  await listener.start();

  const poolExecutor = new PoolExecutor(pool, events);
  const completer = new CompleteBatcher((items) => completeMany(poolExecutor, items, instanceKey));
  const shared: Shared = { pool, listener, events, instanceKey, completer, closed: false };
  return new PostgresStore(shared, poolExecutor);
}

async function completeMany(ex: Executor, items: Completion[], instanceKey: string): Promise<Row[]> {
  const result = await ex.query('taskComplete', Q.taskComplete, [
    items.map((c) => c.id),
    items.map((c) => c.leaseToken),
    items.map((c) => c.resultJson),
    items.map((c) => c.now),
    items.map((c) => c.retentionMs),
    STATS_WEIGHT,
    instanceKey,
  ]);
  return result.rows;
}

async function createSchema(config: pg.ClientConfig, schema: string): Promise<void> {
  const client = new pg.Client({ ...config, options: undefined });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two processes creating the same schema at once: the loser sees a duplicate, which is fine.
    if (uniqueViolation(err) === null && (err as { code?: string }).code !== '42P06') throw mapUnavailable(err);
  } finally {
    await client.end().catch(() => {});
  }
}

interface Shared {
  pool: pg.Pool;
  listener: NotificationListener;
  events: TaskEvents;
  instanceKey: string;
  completer: CompleteBatcher;
  closed: boolean;
}

const ACTIVE: TaskStatus[] = ['pending', 'queued'];

class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities = { skipLocked: true, crossProcessEvents: true, multiProcess: true };
  readonly events: StoreEvents;
  readonly #shared: Shared;
  readonly #ex: Executor;

  constructor(shared: Shared, ex: Executor) {
    this.#shared = shared;
    this.#ex = ex;
    this.events = shared.events;
  }

  #run(name: QueryName, values: unknown[], prepared = true) {
    return this.#ex.query(prepared ? name : '', Q[name], values);
  }

  async #rows(name: QueryName, values: unknown[]): Promise<Row[]> {
    return (await this.#run(name, values)).rows;
  }

  #changed(tasks: TaskRow[]): void {
    for (const t of tasks) {
      this.#ex.emit({ kind: 'changed', id: t.id });
      if (t.status === 'queued') this.#ex.emit({ kind: 'available', type: t.type });
    }
  }

  get #key(): string {
    return this.#shared.instanceKey;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────

  async migrate(): Promise<{ from: number; to: number }> {
    try {
      return await migrate(this.#shared.pool, MIGRATIONS);
    } catch (err) {
      throw mapUnavailable(err);
    }
  }

  async ping(): Promise<{ ok: boolean; schemaVersion: number; codeVersion: number }> {
    try {
      const version = await schemaVersion(this.#shared.pool);
      return { ok: this.#shared.listener.connected && version === CODE_VERSION, schemaVersion: version, codeVersion: CODE_VERSION };
    } catch {
      return { ok: false, schemaVersion: 0, codeVersion: CODE_VERSION };
    }
  }

  async close(): Promise<void> {
    if (this.#shared.closed) return;
    this.#shared.closed = true;
    await this.#shared.listener.stop();
    await this.#shared.pool.end();
  }

  withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.#ex.transaction((ex) => fn(ex === this.#ex ? this : new PostgresStore(this.#shared, ex)));
  }

  // ── submission and reads ───────────────────────────────────────────────────────────────────────

  async taskInsert({ task }: { task: NewTask }): Promise<{ task: TaskRow }> {
    const rows = await this.#insert(() => this.#rows('taskInsert', [...taskInsertParams(task), this.#key]), [task]);
    return { task: this.#emitOne(rows) };
  }

  async taskInsertMany({ tasks }: { tasks: NewTask[] }): Promise<{ tasks: TaskRow[] }> {
    if (tasks.length === 0) return { tasks: [] };
    const rows = await this.#insert(
      () => this.#rows('taskInsertMany', [...taskInsertManyParams(tasks), this.#key]),
      tasks,
    );
    const seqById = new Map(rows.map((r) => [r.id as string, r.seq as number]));
    const out = tasks.map((t) => insertedTask(t, seqById.get(t.id)!));
    this.#changed(out);
    return { tasks: out };
  }

  /** Runs an insert; turns a unique violation into StoreConflictError naming the first clashing item. */
  async #insert(run: () => Promise<Row[]>, tasks: NewTask[]): Promise<Row[]> {
    try {
      return await this.#ex.recoverable(run);
    } catch (err) {
      const constraint = uniqueViolation(err);
      if (constraint === null) throw err;
      const kind = CONFLICT_BY_CONSTRAINT[constraint] ?? 'task-id';
      const index = tasks.length === 1 ? null : await this.#conflictIndex(tasks, kind).catch(() => null);
      throw new StoreConflictError(kind, index);
    }
  }

  async #conflictIndex(tasks: NewTask[], kind: 'task-id' | 'custom-id'): Promise<number | null> {
    const keyOf = (tenant: string, customId: string) => `${tenant}\u0000${customId}`;
    const withCustom = tasks.filter((t) => t.customId !== null);
    const existing = await this.#rows('taskInsertConflictsExisting', [
      tasks.map((t) => t.id),
      withCustom.map((t) => t.tenant),
      withCustom.map((t) => t.customId),
    ]);
    const ids = new Set(existing.map((r) => r.id as string));
    const customs = new Set(
      existing.filter((r) => r.custom_id !== null).map((r) => keyOf(r.tenant as string, r.custom_id as string)),
    );
    // Earlier items of the batch count as existing for the later ones.
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i]!;
      const custom = t.customId === null ? null : keyOf(t.tenant, t.customId);
      if (kind === 'task-id' && ids.has(t.id)) return i;
      if (kind === 'custom-id' && custom !== null && customs.has(custom)) return i;
      ids.add(t.id);
      if (custom !== null) customs.add(custom);
    }
    return null;
  }

  async taskGet({ tenant, id }: { tenant: string | null; id: string }): Promise<TaskRow | null> {
    const row = (await this.#rows('taskGet', [id, tenant]))[0];
    return row ? taskFromRow(row) : null;
  }

  async taskGetByCustomId({ tenant, customId }: { tenant: string; customId: string }): Promise<TaskRow | null> {
    const row = (await this.#rows('taskGetByCustomId', [tenant, customId]))[0];
    return row ? taskFromRow(row) : null;
  }

  async taskList(params: TaskListParams): Promise<{ tasks: TaskRow[]; nextCursor: string | null }> {
    const values = [
      params.tenant,
      params.statuses && params.statuses.length > 0 ? params.statuses : null,
      params.type ?? null,
      params.customId ?? null,
      params.createdAfter ?? null,
      params.createdBefore ?? null,
      params.metadata && Object.keys(params.metadata).length > 0 ? JSON.stringify(params.metadata) : null,
      params.cursor ? decodeCursor(params.cursor) : null,
      params.limit + 1,
    ];
    // Unnamed: optional filters plan best with the actual values, not a cached generic plan.
    const rows = (await this.#run('taskList', values, false)).rows.map(taskFromRow);
    const more = rows.length > params.limit;
    const tasks = more ? rows.slice(0, params.limit) : rows;
    return { tasks, nextCursor: more ? encodeCursor(tasks[tasks.length - 1]!.seq) : null };
  }

  async taskPosition({ task }: { task: TaskRow }): Promise<number> {
    if (task.status !== 'queued') return 0;
    const rows = await this.#rows('taskPosition', [task.type, task.priority, task.runAt, task.seq]);
    return rows[0]!.position as number;
  }

  async taskVersions({ ids }: { ids: string[] }): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#rows('taskVersions', [ids]);
    return new Map(rows.map((r) => [r.id as string, r.version as number]));
  }

  // ── changes from the API ───────────────────────────────────────────────────────────────────────

  taskCancel(params: {
    tenant: string | null;
    id: string;
    error: TaskError;
    now: number;
    retentionMs: number;
  }): Promise<{ task: TaskRow; outcome: CancelOutcome } | null> {
    return this.#tx(async (tx) => {
      const current = await tx.#forUpdate(params.tenant, params.id);
      if (!current) return null;
      if (ACTIVE.includes(current.status)) {
        const rows = await tx.#rows('taskCancelNow', [
          params.id,
          JSON.stringify(params.error),
          params.now,
          params.retentionMs,
          tx.#key,
        ]);
        return { task: tx.#emitOne(rows), outcome: 'canceled' as const };
      }
      if (current.status === 'running' && !current.cancelRequested) {
        const rows = await tx.#rows('taskCancelRequest', [params.id, params.now, tx.#key]);
        return { task: tx.#emitOne(rows), outcome: 'requested' as const };
      }
      const outcome = current.status === 'canceled' || current.status === 'running' ? 'already' : 'finished';
      return { task: current, outcome };
    });
  }

  taskUpdate(params: {
    tenant: string | null;
    id: string;
    version: number;
    patch: {
      priority?: number;
      runAt?: number;
      metadata?: Metadata | null;
      callbackUrl?: string | null;
    };
    now: number;
  }): ReturnType<Store['taskUpdate']> {
    return this.#tx(async (tx) => {
      const current = await tx.#forUpdate(params.tenant, params.id);
      if (!current) return null;
      if (!ACTIVE.includes(current.status)) return { outcome: 'wrong-state' as const, task: current };
      if (current.version !== params.version) return { outcome: 'version-mismatch' as const, task: current };
      const { patch } = params;
      const runAt = patch.runAt ?? current.runAt;
      const status = patch.runAt === undefined ? current.status : runAt <= params.now ? 'queued' : 'pending';
      const rows = await tx.#rows('taskUpdate', [
        params.id,
        patch.priority ?? current.priority,
        runAt,
        status,
        jsonOrNull(patch.metadata === undefined ? current.metadata : patch.metadata),
        patch.callbackUrl === undefined ? current.callbackUrl : patch.callbackUrl,
        params.now,
        tx.#key,
      ]);
      return { outcome: 'updated' as const, task: tx.#emitOne(rows) };
    });
  }

  async taskRequestDestroy({ tenant, id, now }: { tenant: string | null; id: string; now: number }): Promise<TaskRow | null> {
    const rows = await this.#rows('taskRequestDestroy', [id, tenant, now, this.#key]);
    if (rows.length > 0) return this.#emitOne(rows);
    return this.taskGet({ tenant, id });
  }

  async taskDestroy(params: {
    tenant: string | null;
    id: string;
    reason: Tombstone['reason'];
    now: number;
  }): Promise<TaskRow | null> {
    const rows = await this.#rows('taskDestroy', [params.id, params.tenant, params.reason, params.now, this.#key]);
    if (rows.length === 0) return null;
    const task = taskFromRow(rows[0]!);
    this.#ex.emit({ kind: 'changed', id: task.id });
    return task;
  }

  async tombstoneGet({ tenant, id }: { tenant: string | null; id: string }): Promise<Tombstone | null> {
    const row = (await this.#rows('tombstoneGet', [id, tenant]))[0];
    return row ? tombstoneFromRow(row) : null;
  }

  // ── runner side ────────────────────────────────────────────────────────────────────────────────

  async taskClaim(params: {
    types: string[];
    perType: Record<string, number>;
    limit: number;
    workerId: string;
    leaseMs: number;
    now: number;
  }): Promise<ClaimedTask[]> {
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
    const rows = await this.#rows('taskClaim', [
      types,
      limits,
      params.now,
      params.limit,
      params.leaseMs,
      params.workerId,
      this.#key,
    ]);
    const tasks = rows.map(taskFromRow).sort(compareClaimOrder);
    for (const t of tasks) this.#ex.emit({ kind: 'changed', id: t.id });
    return tasks.map((task) => ({ task, leaseToken: task.leaseToken! }));
  }

  async taskHeartbeat(params: { id: string; leaseToken: string; leaseMs: number; now: number }) {
    const rows = await this.#rows('taskHeartbeat', [params.id, params.leaseToken, params.leaseMs, params.now]);
    return { ok: rows.length > 0, cancelRequested: rows.length > 0 && (rows[0]!.cancel_requested as boolean) };
  }

  async taskProgress(params: {
    id: string;
    leaseToken: string;
    percent: number | null;
    message: string | null;
    current: number | null;
    total: number | null;
    now: number;
  }): Promise<{ ok: boolean; cancelRequested: boolean }> {
    const rows = await this.#rows('taskProgress', [
      params.id,
      params.leaseToken,
      params.percent,
      params.message,
      params.current,
      params.total,
      params.now,
      this.#key,
    ]);
    if (rows.length === 0) return { ok: false, cancelRequested: false };
    this.#ex.emit({ kind: 'changed', id: params.id });
    return { ok: true, cancelRequested: rows[0]!.cancel_requested as boolean };
  }

  async taskComplete(params: {
    id: string;
    leaseToken: string;
    resultJson: string | null;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null> {
    const item: Completion = {
      id: params.id,
      leaseToken: params.leaseToken,
      resultJson: params.resultJson,
      now: params.now,
      retentionMs: params.retentionMs,
    };
    // Inside a transaction the caller owns the commit, so there is nothing to batch.
    const row = this.#ex.inTransaction
      ? ((await completeMany(this.#ex, [item], this.#key))[0] ?? null)
      : await this.#shared.completer.complete(item);
    return row ? this.#emitOne([row]) : null;
  }

  async taskFail(params: {
    id: string;
    leaseToken: string;
    error: TaskError;
    retryAt: number | null;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null> {
    const rows = await this.#rows('taskFail', [
      params.id,
      params.leaseToken,
      JSON.stringify(params.error),
      params.retryAt,
      params.now,
      params.retentionMs,
      this.#key,
    ]);
    return rows.length ? this.#emitOne(rows) : null;
  }

  async taskCancelAttempt(params: {
    id: string;
    leaseToken: string;
    error: TaskError;
    now: number;
    retentionMs: number;
  }): Promise<TaskRow | null> {
    const rows = await this.#rows('taskCancelAttempt', [
      params.id,
      params.leaseToken,
      JSON.stringify(params.error),
      params.now,
      params.retentionMs,
      this.#key,
    ]);
    return rows.length ? this.#emitOne(rows) : null;
  }

  async taskCancelRequested({ ids }: { ids: string[] }): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.#rows('taskCancelRequested', [ids])).map((r) => r.id as string);
  }

  // ── maintenance ────────────────────────────────────────────────────────────────────────────────

  async taskRescueExpired(params: {
    now: number;
    error: TaskError;
    retentionMs: number;
    limit: number;
  }): Promise<{ requeued: TaskRow[]; failed: TaskRow[] }> {
    const rows = await this.#rows('taskRescueExpired', [
      params.now,
      JSON.stringify(params.error),
      params.retentionMs,
      params.limit,
      this.#key,
    ]);
    const tasks = rows.map(taskFromRow);
    this.#changed(tasks);
    return {
      requeued: tasks.filter((t) => t.status === 'queued').sort(compareClaimOrder),
      failed: tasks.filter((t) => t.status === 'failed'),
    };
  }

  async taskPromoteDue({ now, limit }: { now: number; limit: number }) {
    const rows = await this.#rows('taskPromoteDue', [now, limit, this.#key]);
    for (const r of rows) this.#ex.emit({ kind: 'changed', id: r.id as string });
    for (const type of new Set(rows.map((r) => r.type as string))) this.#ex.emit({ kind: 'available', type });
    const next = (await this.#rows('taskPromoteDueNext', []))[0]!.next_run_at as number | null;
    return { promoted: rows.length, nextRunAt: next ?? null };
  }

  async taskExpire(params: {
    now: number;
    error: TaskError;
    retentionMs: number;
    limit: number;
  }): Promise<{ canceled: TaskRow[]; purged: TaskRow[] }> {
    const canceledRows = await this.#rows('taskExpireCancel', [
      params.now,
      JSON.stringify(params.error),
      params.retentionMs,
      params.limit,
      this.#key,
    ]);
    const canceled = canceledRows.map(taskFromRow);
    this.#changed(canceled);
    const purged = (await this.#rows('taskExpirePurge', [params.now, params.limit, this.#key])).map(taskFromRow);
    for (const t of purged) this.#ex.emit({ kind: 'changed', id: t.id });
    return { canceled, purged };
  }

  async taskListDestroyPending({ limit }: { limit: number }): Promise<TaskRow[]> {
    return (await this.#rows('taskListDestroyPending', [limit])).map(taskFromRow);
  }

  async taskQueueDepth(): Promise<QueueDepthRow[]> {
    return (await this.#rows('taskQueueDepth', [])).map((r) => ({
      type: r.type as string,
      status: r.status as TaskStatus,
      count: r.count as number,
    }));
  }

  // ── duration statistics ────────────────────────────────────────────────────────────────────────

  async typeStatsGet({ type }: { type: string }): Promise<DurationStats | null> {
    const row = (await this.#rows('typeStatsGet', [type]))[0];
    return row ? { count: row.count as number, meanMs: row.mean_ms as number } : null;
  }

  async typeStatsAll(): Promise<Map<string, DurationStats>> {
    const rows = await this.#rows('typeStatsAll', []);
    return new Map(rows.map((r) => [r.type as string, { count: r.count as number, meanMs: r.mean_ms as number }]));
  }

  // ── reservations ───────────────────────────────────────────────────────────────────────────────

  async reservationCreate({ tenant, id, expiresAt }: { tenant: string; id: string; expiresAt: number }): Promise<void> {
    await this.#run('reservationCreate', [id, tenant, expiresAt]);
  }

  async reservationTake({ tenant, id, now }: { tenant: string; id: string; now: number }): Promise<boolean> {
    return (await this.#rows('reservationTake', [id, tenant, now])).length > 0;
  }

  async reservationPurge({ now }: { now: number }): Promise<number> {
    return (await this.#run('reservationPurge', [now])).rowCount ?? 0;
  }

  // ── idempotency keys ───────────────────────────────────────────────────────────────────────────

  idempotencyBegin(params: {
    tenant: string;
    key: string;
    fingerprint: string;
    now: number;
    lockedUntil: number;
    expiresAt: number;
  }): Promise<IdempotencyBegin> {
    const { tenant, key, fingerprint, now, lockedUntil, expiresAt } = params;
    return this.#tx(async (tx) => {
      const created = await tx.#rows('idempotencyBegin', [tenant, key, fingerprint, now, lockedUntil, expiresAt]);
      if (created.length > 0) return { state: 'new' as const };
      const existing = (await tx.#rows('idempotencyBeginExisting', [tenant, key]))[0];
      // Released by another request between the two statements: try again as new.
      if (!existing) return tx.idempotencyBegin(params);
      if (existing.fingerprint !== fingerprint) return { state: 'mismatch' as const };
      if (existing.state === 'done') {
        return { state: 'done' as const, statusCode: existing.status_code as number, taskId: existing.task_id as string };
      }
      if ((existing.locked_until as number) > now) return { state: 'in-flight' as const };
      // The request that held the lock died: if it got as far as creating the task, replay that.
      if (existing.task_id !== null) {
        return { state: 'done' as const, statusCode: existing.status_code as number, taskId: existing.task_id as string };
      }
      await tx.#rows('idempotencyBeginTakeOver', [tenant, key, lockedUntil, now]);
      return { state: 'new' as const };
    });
  }

  async idempotencyAttach(p: { tenant: string; key: string; taskId: string; statusCode: number }): Promise<void> {
    await this.#run('idempotencyAttach', [p.tenant, p.key, p.taskId, p.statusCode]);
  }

  async idempotencyFinish(p: { tenant: string; key: string; statusCode: number; taskId: string }): Promise<void> {
    await this.#run('idempotencyFinish', [p.tenant, p.key, p.statusCode, p.taskId]);
  }

  async idempotencyRelease({ tenant, key }: { tenant: string; key: string }): Promise<void> {
    await this.#run('idempotencyRelease', [tenant, key]);
  }

  async idempotencyPurge({ now }: { now: number }): Promise<number> {
    return (await this.#run('idempotencyPurge', [now])).rowCount ?? 0;
  }

  // ── chore leases ───────────────────────────────────────────────────────────────────────────────

  async choreLeaseAcquire(p: { name: string; holder: string; ttlMs: number; now: number }): Promise<boolean> {
    return (await this.#rows('choreLeaseAcquire', [p.name, p.holder, p.now, p.ttlMs])).length > 0;
  }

  async choreLeaseRelease({ name, holder }: { name: string; holder: string }): Promise<void> {
    await this.#run('choreLeaseRelease', [name, holder]);
  }

  // ── API keys ───────────────────────────────────────────────────────────────────────────────────

  async apiKeyCreate({ key, hash }: { key: ApiKeyRow; hash: string }): Promise<void> {
    await this.#run('apiKeyCreate', [
      key.id,
      key.tenant,
      key.name,
      hash,
      key.admin,
      key.createdAt,
      key.revokedAt,
      key.lastUsedAt,
    ]);
  }

  async apiKeyByHash({ hash }: { hash: string }): Promise<ApiKeyRow | null> {
    const row = (await this.#rows('apiKeyByHash', [hash]))[0];
    return row ? apiKeyFromRow(row) : null;
  }

  async apiKeyList({ tenant }: { tenant: string | null }): Promise<ApiKeyRow[]> {
    return (await this.#rows('apiKeyList', [tenant])).map(apiKeyFromRow);
  }

  async apiKeyRevoke({ id, now }: { id: string; now: number }): Promise<boolean> {
    return (await this.#rows('apiKeyRevoke', [id, now])).length > 0;
  }

  async apiKeyCount(): Promise<number> {
    return (await this.#rows('apiKeyCount', []))[0]!.count as number;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  /** Multi-statement methods run in a transaction of their own, or in the caller's. */
  #tx<T>(fn: (tx: PostgresStore) => Promise<T>): Promise<T> {
    return this.#ex.transaction((ex) => fn(ex === this.#ex ? this : new PostgresStore(this.#shared, ex)));
  }

  async #forUpdate(tenant: string | null, id: string): Promise<TaskRow | null> {
    const row = (await this.#rows('taskGetForUpdate', [id, tenant]))[0];
    return row ? taskFromRow(row) : null;
  }

  /** The single changed row of an UPDATE … RETURNING, announced locally. */
  #emitOne(rows: Row[]): TaskRow {
    const task = taskFromRow(rows[0]!);
    this.#changed([task]);
    return task;
  }
}

// The same cursor format as the SQLite store.
function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new RangeError('invalid list cursor');
  return Number(m[1]);
}
