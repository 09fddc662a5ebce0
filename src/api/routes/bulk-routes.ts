import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DurationStats } from '../../domain/estimates.ts';
import { fingerprint } from '../../domain/fingerprint.ts';
import { type ProblemBody, ProblemError } from '../../domain/problems.ts';
import type { TaskRow } from '../../domain/task.ts';
import { type Store, StoreConflictError } from '../../store/store.ts';
import {
  type IdempotencyScope,
  idempotencyAttach,
  idempotencyFinish,
  idempotencyOtherKind,
  idempotencyRelease,
  idempotencyStart,
  parseIdempotencyKey,
} from '../idempotency.ts';
import { type PreparedTask, replayOrConflict } from '../submission.ts';
import { renderWith } from '../task-document.ts';
import { loadTask } from '../task-lookup.ts';
import { idempotencyKeyHeader, SUBMIT_PROBLEMS } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// POST /v1/tasks/bulk (seed 004 §1). Every item is validated synchronously with the compiled
// submission schema; tasks without a customId go to the store in one taskInsertMany, so the fast
// path is one write for the whole request. Items with a customId need a lookup each (replay or
// conflict), so they are inserted one by one.
//
// Idempotency-Key works as on POST /v1/tasks, scoped (tenant, key) with the same key space: the
// fingerprint covers the whole bulk body, and a replay answers the same items (same indexes, task
// ids, item statuses and item errors) with the tasks' *current* documents. Where a single submission's
// idempotency record links its task, a bulk request's record holds its item outcomes (JSON, see
// encodeOutcome), written with the inserts where they are one transaction.

interface BulkItem {
  index: number;
  status: number;
  task?: Record<string, unknown>;
  error?: Record<string, unknown>;
}

export async function bulkRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { store, config, submitter } = deps;
  const max = config.limits.bulkMaxTasks;

  app.post<{ Body: { tasks: unknown[]; atomic?: boolean } }>(
    '/v1/tasks/bulk',
    {
      schema: {
        operationId: 'submitTasksBulk',
        summary: 'Submit many tasks',
        description: `Up to ${max} submissions (more → 413). Each item answers with the status it would get alone (202 created, 200 customId replay, 4xx with \`error\`; item error pointers point into the item). \`atomic: true\` creates all or nothing: 422 \`bulk-item-invalid\` names the failing \`index\`.`,
        tags: ['tasks'],
        headers: {
          type: 'object',
          properties: {
            'idempotency-key': {
              ...idempotencyKeyHeader,
              description: `${idempotencyKeyHeader.description} Covers the whole bulk body; a replay answers the same items with current documents and \`Idempotent-Replayed: true\`.`,
            },
          },
        },
        body: {
          type: 'object',
          required: ['tasks'],
          additionalProperties: false,
          properties: {
            tasks: { type: 'array', minItems: 1, items: { type: 'object', description: 'A `POST /v1/tasks` body.' } },
            atomic: { type: 'boolean', default: false },
          },
        },
        response: {
          202: {
            description: 'One item per submission, in order',
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['index', 'status'],
                  properties: {
                    index: { type: 'integer' },
                    status: { type: 'integer' },
                    task: { $ref: 'Task#' },
                    error: { $ref: 'Problem#' },
                  },
                },
              },
            },
          },
        },
      },
      config: { problems: [...SUBMIT_PROBLEMS, 'bulk-item-invalid', 'idempotency-key-reused', 'idempotency-key-in-flight'] },
    },
    async (req, reply) => {
      const { tasks, atomic } = req.body;
      if (tasks.length > max) throw new ProblemError('payload-too-large', `At most ${max} tasks per bulk request.`);
      const tenant = req.principal.tenant;
      const key = parseIdempotencyKey(req);
      deps.rateLimiter.take(tenant, tasks.length);
      const now = deps.now();
      const items: BulkItem[] = new Array(tasks.length);
      const prepared: (PreparedTask | null)[] = tasks.map((body, index) => {
        try {
          return submitter.prepare(tenant, body, now);
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          if (atomic) throw bulkItemInvalid(index, err, req.url);
          items[index] = { index, status: err.status, error: err.toBody() };
          return null;
        }
      });
      // As on POST: the key is taken only after validation passed (an atomic bulk with a bad item
      // stored nothing and may be retried with the same key).
      const scope: IdempotencyScope | null = key ? { store, config, tenant, key } : null;
      if (scope) {
        const start = await idempotencyStart(scope, fingerprint({ bulk: req.body }), now);
        if (start.state === 'done') {
          if (!('outcome' in start)) throw idempotencyOtherKind();
          return replayBulk(deps, req, reply, start.outcome, start.statusCode);
        }
      }
      const attach = scope
        ? (tx: Store, rows: Row[]) => idempotencyAttach(scope, tx, { outcome: encodeOutcome(items, rows) }, 202)
        : null;
      let rows: Row[];
      try {
        rows = atomic
          ? await store.withTransaction(async (tx) => {
              const inserted = await insertAtomic(tx, prepared as PreparedTask[], req.url);
              await attach?.(tx, inserted);
              return inserted;
            })
          : await insertEach(store, prepared, items, submitter.insert, attach);
      } catch (err) {
        if (scope) await idempotencyRelease(scope).catch((e) => req.log.error({ err: e }, 'idempotency release failed'));
        throw err;
      }
      if (scope) {
        await idempotencyFinish(scope, { outcome: encodeOutcome(items, rows) }, 202).catch((e) =>
          req.log.error({ err: e }, 'idempotency finish failed'),
        );
      }
      const statsCache = new Map<string, DurationStats | null>();
      for (const type of new Set(rows.map((r) => r?.task.type).filter((t) => t !== undefined))) {
        statsCache.set(type, await deps.typeStats.get(type));
      }
      rows.forEach((row, index) => {
        if (!row) return;
        const stats = statsCache.get(row.task.type) ?? null;
        const { body } = renderWith(deps, row.task, { now, stats, position: null });
        items[index] = { index, status: row.created ? 202 : 200, task: body };
      });
      return reply.code(202).send({ items });
    },
  );
}

type Row = { task: TaskRow; created: boolean } | null;

async function insertEach(
  store: Store,
  prepared: (PreparedTask | null)[],
  items: BulkItem[],
  insertOne: (store: Store, p: PreparedTask) => Promise<{ task: TaskRow; created: boolean }>,
  /** Runs in the same transaction as the insert of the tasks without customId (the idempotency record). */
  attach: ((tx: Store, rows: Row[]) => Promise<void>) | null,
): Promise<Row[]> {
  const rows: Row[] = new Array(prepared.length).fill(null);
  const plain: number[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i];
    if (!p) continue;
    if (p.task.customId === null) {
      plain.push(i);
      continue;
    }
    try {
      rows[i] = await insertOne(store, p);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      items[i] = { index: i, status: err.status, error: err.toBody() };
    }
  }
  const insertPlain = async (s: Store) => {
    if (plain.length === 0) return;
    const { tasks } = await s.taskInsertMany({ tasks: plain.map((i) => prepared[i]!.task) });
    tasks.forEach((task, k) => {
      rows[plain[k]!] = { task, created: true };
    });
  };
  if (attach) {
    await store.withTransaction(async (tx) => {
      await insertPlain(tx);
      await attach(tx, rows);
    });
  } else {
    await insertPlain(store);
  }
  return rows;
}

/** Per item: `[status, taskId]` for a task (created or customId replay), `[status, problem]` for an item error. */
type ItemOutcome = [number, string | ProblemBody];

function encodeOutcome(items: BulkItem[], rows: Row[]): string {
  const outcome: ItemOutcome[] = rows.map((row, index) => {
    if (row) return [row.created ? 202 : 200, row.task.id];
    const item = items[index]!;
    return [item.status, item.error as ProblemBody];
  });
  return JSON.stringify(outcome);
}

/** The recorded items again, each task with its current document (or the problem it answers now: gone, …). */
async function replayBulk(deps: TaskRouteDeps, req: FastifyRequest, reply: FastifyReply, recorded: string, status: number) {
  const outcome = JSON.parse(recorded) as ItemOutcome[];
  const tenant = req.principal.tenant;
  const now = deps.now();
  const statsCache = new Map<string, DurationStats | null>();
  const items: BulkItem[] = [];
  for (const [index, [itemStatus, value]] of outcome.entries()) {
    if (typeof value !== 'string') {
      items.push({ index, status: itemStatus, error: value });
      continue;
    }
    let task: TaskRow;
    try {
      task = await loadTask(deps.store, tenant, value);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      items.push({ index, status: err.status, error: err.toBody() });
      continue;
    }
    if (!statsCache.has(task.type)) statsCache.set(task.type, await deps.typeStats.get(task.type));
    const { body } = renderWith(deps, task, { now, stats: statsCache.get(task.type) ?? null, position: null });
    items.push({ index, status: itemStatus, task: body });
  }
  return reply.code(status).header('idempotent-replayed', 'true').send({ items });
}

/** All or nothing, inside the caller's transaction: any failure throws and rolls back. */
async function insertAtomic(tx: Store, prepared: PreparedTask[], instance: string): Promise<Row[]> {
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
    tasks.forEach((task, k) => {
      rows[toInsert[k]!] = { task, created: true };
    });
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
