import type { Config } from '../config/defaults.ts';
import { fingerprint } from '../domain/fingerprint.ts';
import { type ProblemBody, ProblemError } from '../domain/problems.ts';
import type { TaskRow } from '../domain/task.ts';
import { type Store, StoreConflictError, StoreUnavailableError } from '../store/store.ts';
import {
  type IdempotencyScope,
  idempotencyAttach,
  idempotencyFinish,
  idempotencyOtherKind,
  idempotencyStart,
} from './idempotency.ts';
import type { OperationLog } from './operation-log.ts';
import type { RateLimiter } from './rate-limit.ts';
import { type PreparedTask, replayOrConflict, type Submitter } from './submitter.ts';
import { outcomeUnknown } from './submit-task.ts';
import { loadTask } from './task-lookup.ts';

// Submit many tasks in one request (POST /v1/tasks/bulk). Every item is validated synchronously
// with the compiled submission schema; tasks without a customId go to the store in one
// taskInsertMany, so the fast path is one write for the whole request. Items with a customId need a
// lookup each (replay or conflict), so they are inserted one by one. Each item answers with the
// status it would get alone; `atomic` creates all or nothing.
//
// Idempotency-Key works as on a single submit, scoped (tenant, key) with the same key space: the
// fingerprint covers the whole bulk body, and a replay answers the same items (same indexes, task
// ids, item statuses and item errors) with the tasks' *current* rows. Where a single submission's
// idempotency record links its task, a bulk request's record holds its item outcomes (JSON, see
// encodeOutcome), written with the inserts where they are one transaction.

export interface BulkDeps {
  config: Readonly<Config>;
  submitter: Submitter;
  rateLimiter: RateLimiter;
  now: () => number;
}

export interface BulkParams {
  tenant: string;
  tasks: unknown[];
  atomic: boolean;
  /** The whole request body, as fingerprinted for the idempotency key. */
  body: unknown;
  idempotencyKey: string | null;
  /** The request's path, for the `instance` of item problems of an atomic bulk. */
  instance: string;
  log?: OperationLog;
}

/** One item's answer: a task (created 202, or replayed 200) or the problem it would get alone. */
export interface BulkItemOutcome {
  index: number;
  status: number;
  task?: TaskRow;
  error?: ProblemBody;
}

export interface BulkResult {
  status: number;
  replayed: boolean;
  items: BulkItemOutcome[];
}

type Row = { task: TaskRow; created: boolean } | null;

export async function submitTasksBulk(store: Store, params: BulkParams, deps: BulkDeps): Promise<BulkResult> {
  const { tasks, atomic, tenant } = params;
  const max = deps.config.limits.bulkMaxTasks;
  if (tasks.length > max) throw new ProblemError('payload-too-large', `At most ${max} tasks per bulk request.`);
  deps.rateLimiter.take(tenant, tasks.length);
  const now = deps.now();
  const errors: (BulkItemOutcome | undefined)[] = new Array(tasks.length);
  const prepared: (PreparedTask | null)[] = tasks.map((body, index) => {
    try {
      return deps.submitter.prepare(tenant, body, now);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      if (atomic) throw bulkItemInvalid(index, err, params.instance);
      errors[index] = { index, status: err.status, error: err.toBody() };
      return null;
    }
  });
  shareNewGroup(prepared);
  // As for a single submit: the key is taken only after validation passed (an atomic bulk with a
  // bad item stored nothing and may be retried with the same key), and in the same transaction as
  // the tasks, so a request that does not commit leaves no record.
  const scope: IdempotencyScope | null = params.idempotencyKey ? { tenant, key: params.idempotencyKey } : null;
  const insertAll = async (s: Store) => {
    await createSharedGroup(s, prepared, tenant, now);
    return atomic
      ? insertAtomic(s, prepared as PreparedTask[], params.instance, deps.submitter.link)
      : insertEach(s, prepared, errors, deps.submitter.insert);
  };
  let rows: Row[];
  try {
    if (scope) {
      const keyed = await store.withTransaction(async (tx) => {
        const start = await idempotencyStart(tx, scope, deps.config, fingerprint({ bulk: params.body }), now);
        if (start.state === 'done') return { replay: start };
        const inserted = await insertAll(tx);
        await idempotencyAttach(tx, scope, { outcome: encodeOutcome(errors, inserted) }, 202);
        return { inserted };
      });
      if (keyed.replay) {
        if (!('outcome' in keyed.replay)) throw idempotencyOtherKind();
        return replayBulk(store, tenant, keyed.replay.outcome, keyed.replay.statusCode);
      }
      rows = keyed.inserted;
    } else {
      rows = atomic ? await store.withTransaction(insertAll) : await insertAll(store);
    }
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    throw outcomeUnknown(prepared.flatMap((p) => (p ? [p.task.id] : [])), deps, err);
  }
  if (scope) {
    await idempotencyFinish(store, scope, { outcome: encodeOutcome(errors, rows) }, 202).catch((e: unknown) =>
      params.log?.error({ err: e }, 'idempotency finish failed'),
    );
  }
  const items = rows.map((row, index): BulkItemOutcome =>
    row ? { index, status: row.created ? 202 : 200, task: row.task } : errors[index]!,
  );
  return { status: 202, replayed: false, items };
}

/** Items without a customId in one insert; the others one by one (each a replay, a conflict or new). */
async function insertEach(
  store: Store,
  prepared: (PreparedTask | null)[],
  errors: (BulkItemOutcome | undefined)[],
  insertOne: (store: Store, p: PreparedTask) => Promise<{ task: TaskRow; created: boolean }>,
): Promise<Row[]> {
  const rows: Row[] = new Array(prepared.length).fill(null);
  const plain: number[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i];
    if (!p) continue;
    if (p.task.customId === null && p.links === null) {
      plain.push(i);
      continue;
    }
    try {
      rows[i] = await insertOne(store, p);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      errors[i] = { index: i, status: err.status, error: err.toBody() };
    }
  }
  if (plain.length > 0) {
    const { tasks } = await store.taskInsertMany({ tasks: plain.map((i) => prepared[i]!.task) });
    tasks.forEach((task, k) => {
      rows[plain[k]!] = { task, created: true };
    });
  }
  return rows;
}

/** Per item: `[status, taskId]` for a task (created or customId replay), `[status, problem]` for an item error. */
type ItemOutcome = [number, string | ProblemBody];

function encodeOutcome(errors: (BulkItemOutcome | undefined)[], rows: Row[]): string {
  const outcome: ItemOutcome[] = rows.map((row, index) => {
    if (row) return [row.created ? 202 : 200, row.task.id];
    const item = errors[index]!;
    return [item.status, item.error as ProblemBody];
  });
  return JSON.stringify(outcome);
}

/** The recorded items again, each task with its current row (or the problem it answers now: gone, …). */
async function replayBulk(store: Store, tenant: string, recorded: string, status: number): Promise<BulkResult> {
  const outcome = JSON.parse(recorded) as ItemOutcome[];
  const items: BulkItemOutcome[] = [];
  for (const [index, [itemStatus, value]] of outcome.entries()) {
    if (typeof value !== 'string') {
      items.push({ index, status: itemStatus, error: value });
      continue;
    }
    try {
      items.push({ index, status: itemStatus, task: await loadTask(store, tenant, value) });
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      items.push({ index, status: err.status, error: err.toBody() });
    }
  }
  return { status, replayed: true, items };
}

/**
 * Items with a `group` without id form one new group per request: the first such item's id is
 * everyone's, and the group is created once, before the items join it.
 */
function shareNewGroup(prepared: (PreparedTask | null)[]): void {
  let shared: string | null = null;
  for (const p of prepared) {
    const group = p?.links?.group;
    if (!group?.create) continue;
    shared ??= group.id;
    group.id = shared;
  }
}

async function createSharedGroup(store: Store, prepared: (PreparedTask | null)[], tenant: string, now: number): Promise<void> {
  const creating = prepared.filter((p) => p?.links?.group?.create);
  if (creating.length === 0) return;
  await store.taskGroupCreate({ id: creating[0]!.links!.group!.id, tenant, now });
  for (const p of creating) p!.links!.group!.create = false;
}

/** All or nothing, inside the caller's transaction: any failure throws and rolls back. */
async function insertAtomic(
  tx: Store,
  prepared: PreparedTask[],
  instance: string,
  link: (tx: Store, p: PreparedTask, row: TaskRow) => Promise<TaskRow>,
): Promise<Row[]> {
  const rows: Row[] = new Array(prepared.length).fill(null);
  const toInsert: number[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const { task } = prepared[i]!;
    const existing = task.customId === null ? null : await tx.taskGetByCustomId({ tenant: task.tenant, customId: task.customId });
    if (!existing) {
      toInsert.push(i);
      continue;
    }
    try {
      rows[i] = replayOrConflict(existing, task);
    } catch (err) {
      throw err instanceof ProblemError ? bulkItemInvalid(i, err, instance) : err;
    }
  }
  try {
    if (toInsert.length === 0) return rows;
    const { tasks } = await tx.taskInsertMany({ tasks: toInsert.map((i) => prepared[i]!.task) });
    for (const [k, task] of tasks.entries()) {
      const index = toInsert[k]!;
      try {
        rows[index] = { task: await link(tx, prepared[index]!, task), created: true };
      } catch (err) {
        throw err instanceof ProblemError ? bulkItemInvalid(index, err, instance) : err;
      }
    }
  } catch (err) {
    if (!(err instanceof StoreConflictError) || err.index === null) throw err;
    const index = toInsert[err.index]!;
    const detail = err.kind === 'custom-id' ? 'customId is used by another item or task' : 'task id conflict';
    throw bulkItemInvalid(index, new ProblemError('custom-id-conflict', detail), instance);
  }
  return rows;
}

function bulkItemInvalid(index: number, cause: ProblemError, instance: string): ProblemError {
  return new ProblemError('bulk-item-invalid', `Item ${index}: ${cause.message} Nothing was created.`, {
    extensions: { index, error: cause.toBody(`${instance}#/tasks/${index}`) },
  });
}
