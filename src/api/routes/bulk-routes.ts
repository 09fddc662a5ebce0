import type { FastifyInstance } from 'fastify';
import type { DurationStats } from '../../domain/estimates.ts';
import { submitTasksBulk } from '../../operations/submit-tasks-bulk.ts';
import { parseIdempotencyKey } from '../idempotency-key.ts';
import { renderWith } from '../task-document.ts';
import { documentedAs } from '../openapi.ts';
import { idempotencyKeyHeader, SUBMIT_PROBLEMS, TASK_SUBMISSION_SCHEMA_ID, taskHeaders } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// POST /v1/tasks/bulk: many submissions in one request (src/operations/submit-tasks-bulk.ts). The
// answer renders every created or replayed task with one statistics read per type.

export async function bulkRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const max = deps.config.limits.bulkMaxTasks;

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
            // Validated item by item by the operation (a bad item answers in its own `items` entry).
            tasks: { type: 'array', minItems: 1, items: documentedAs(TASK_SUBMISSION_SCHEMA_ID, { type: 'object' }) },
            atomic: { type: 'boolean', default: false },
          },
        },
        response: {
          202: {
            description: 'One item per submission, in order',
            headers: taskHeaders(['Idempotent-Replayed']),
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['index', 'status'],
                  properties: {
                    index: { type: 'integer', description: 'Position of the submission in `tasks`.' },
                    status: { type: 'integer', description: 'The status the submission would get alone: 202 created, 200 customId replay, 4xx refused.' },
                    task: { $ref: 'Task#', description: 'The created or replayed task (2xx items).' },
                    error: { $ref: 'Problem#', description: 'Why it was refused (4xx items); pointers point into the item.' },
                  },
                },
              },
            },
          },
        },
      },
      config: { auth: 'tenant', problems: [...SUBMIT_PROBLEMS, 'bulk-item-invalid', 'idempotency-key-reused', 'idempotency-key-in-flight'] },
    },
    async (req, reply) => {
      const idempotencyKey = parseIdempotencyKey(req);
      const result = await submitTasksBulk(
        req.store,
        {
          tenant: req.principal.tenant,
          tasks: req.body.tasks,
          atomic: req.body.atomic === true,
          body: req.body,
          idempotencyKey,
          instance: req.url,
          log: req.log,
        },
        deps,
      );
      const now = deps.now();
      const statsCache = new Map<string, DurationStats | null>();
      for (const type of new Set(result.items.map((i) => i.task?.type).filter((t) => t !== undefined))) {
        statsCache.set(type, await deps.typeStats.get(type, req.store));
      }
      const items = result.items.map(({ index, status, task, error }) => {
        if (!task) return { index, status, error };
        const { body } = renderWith(deps, task, { now, stats: statsCache.get(task.type) ?? null, position: null });
        return { index, status, task: body };
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(result.status).send({ items });
    },
  );
}
