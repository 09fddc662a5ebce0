import type { FastifyInstance } from 'fastify';
import type { DurationStats } from '../../domain/estimates.ts';
import { ProblemError } from '../../domain/problems.ts';
import type { TaskRow } from '../../domain/task.ts';
import { type Store, StoreConflictError } from '../../store/store.ts';
import { type PreparedTask, replayOrConflict } from '../submission.ts';
import { renderWith } from '../task-document.ts';
import { problemResponses } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// POST /v1/tasks/bulk (seed 004 §1). Every item is validated synchronously with the compiled
// submission schema; tasks without a customId go to the store in one taskInsertMany, so the fast
// path is one write for the whole request. Items with a customId need a lookup each (replay or
// conflict), so they are inserted one by one.

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
          ...problemResponses(413, 415, 422, 429),
        },
      },
    },
    async (req, reply) => {
      const { tasks, atomic } = req.body;
      if (tasks.length > max) throw new ProblemError('payload-too-large', `At most ${max} tasks per bulk request.`);
      const tenant = req.principal.tenant;
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
      const rows = atomic
        ? await store.withTransaction((tx) => insertAtomic(tx, prepared as PreparedTask[], req.url))
        : await insertEach(store, prepared, items, submitter.insert);
      const statsCache = new Map<string, DurationStats | null>();
      for (const type of new Set(rows.map((r) => r?.task.type).filter((t) => t !== undefined))) {
        statsCache.set(type, await store.typeStatsGet({ type }));
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
  if (plain.length > 0) {
    const { tasks } = await store.taskInsertMany({ tasks: plain.map((i) => prepared[i]!.task) });
    tasks.forEach((task, k) => {
      rows[plain[k]!] = { task, created: true };
    });
  }
  return rows;
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
