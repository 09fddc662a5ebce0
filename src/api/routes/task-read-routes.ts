import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import { TASK_STATUSES, type TaskStatus } from '../../domain/task.ts';
import { getTask } from '../../operations/get-task.ts';
import { getTaskResult } from '../../operations/get-task-result.ts';
import { resultFile } from '../../operations/result-file.ts';
import { signedLink } from '../file-links.ts';
import { listTasks } from '../../operations/list-tasks.ts';
import { fieldProblem } from '../../operations/submitter.ts';
import { NO_NUL_PATTERN } from '../../domain/schema-errors.ts';
import { tenantScope } from '../plugins/auth.ts';
import { parsePrefer } from '../plugins/prefer.ts';
import { etagVersion, JSON_CONTENT_TYPE, renderTask, serializeTask } from '../task-document.ts';
import { clientGone } from './task-submit-routes.ts';
import { includeQuery, preferHeader, taskHeaders, taskIdParams, taskResponse } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Reads: the status monitor (with long-poll), lists, results and the task types.

export async function taskReadRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { config } = deps;

  app.get<{ Params: { id: string }; Querystring: { include?: 'input' } }>(
    '/v1/tasks/:id',
    {
      schema: {
        operationId: 'getTask',
        summary: 'Get a task (status monitor)',
        description:
          'Strong `ETag` (`"<version>-<digest>"`; estimates move it too), `If-None-Match` → 304, `Retry-After` while unfinished. `Prefer: wait=N` long-polls: the answer comes as soon as the task changes, or after N seconds; when `If-None-Match` names an older version it comes at once, and inside an atomic batch group too.',
        tags: ['tasks'],
        params: taskIdParams,
        querystring: includeQuery,
        headers: { type: 'object', properties: { prefer: preferHeader, 'if-none-match': { type: 'string' } } },
        response: {
          200: taskResponse('The task document', taskHeaders(['ETag', 'Retry-After', 'Preference-Applied', 'Cache-Control', 'Vary'])),
          304: {
            description: 'Not modified: `If-None-Match` names the current document',
            type: 'null',
            headers: taskHeaders(['ETag', 'Retry-After', 'Preference-Applied', 'Cache-Control', 'Vary']),
          },
        },
      },
      config: { auth: 'tenant', problems: ['task-not-found', 'task-gone'] },
    },
    async (req, reply) => {
      reply.header('vary', 'Prefer').header('cache-control', 'no-store');
      const prefs = parsePrefer(req.headers.prefer, config.limits.waitMaxSeconds);
      const inm = req.headers['if-none-match'];
      const tags = inm ? inm.split(',').map((t) => t.trim().replace(/^W\//, '')) : [];
      const { task, waited } = await getTask(
        req.store,
        {
          tenant: tenantScope(req.principal),
          id: req.params.id,
          waitSeconds: prefs.wait,
          clientHasCurrent: (t) => tags.length === 0 || tags.some((tag) => tag === '*' || etagVersion(tag) === t.version),
          signal: prefs.wait ? clientGone(reply) : undefined,
        },
        deps,
      );
      const applied = waited ? `wait=${prefs.wait}` : null;
      const { body, retryAfter } = await renderTask(deps, task, { now: deps.now(), includeInput: req.query.include === 'input', store: req.store });
      // Serialised once: the ETag digests exactly the bytes sent.
      const { json, etag } = serializeTask(task, body);
      reply.header('etag', etag);
      if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
      if (applied) reply.header('preference-applied', applied);
      if (tags.some((t) => t === '*' || t === etag)) return reply.code(304).send();
      return reply.code(200).type(JSON_CONTENT_TYPE).send(json);
    },
  );

  app.get<{ Querystring: Record<string, string | number | undefined> }>(
    '/v1/tasks',
    {
      schema: {
        operationId: 'listTasks',
        summary: 'List tasks',
        description:
          'Newest first, cursor-paginated. `status` takes a comma list; `metadata.<key>=<value>` matches metadata exactly. Query errors point at `/query/<name>`.',
        tags: ['tasks'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', description: `Comma list of ${TASK_STATUSES.join(', ')}` },
            type: { type: 'string', maxLength: 64, pattern: NO_NUL_PATTERN },
            customId: { type: 'string', minLength: 1, maxLength: 255, pattern: NO_NUL_PATTERN },
            createdAfter: { type: 'string', format: 'date-time' },
            createdBefore: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: config.limits.pageSizeMax, default: config.limits.pageSizeDefault },
            cursor: {
              type: 'string',
              minLength: 1,
              maxLength: 512,
              pattern: '^[A-Za-z0-9_-]+$',
              description: '`nextCursor` of the previous page, as given; anything else is 422 pointing at `/query/cursor`.',
            },
            include: { type: 'string', enum: ['input'] },
          },
          // A metadata key or value with a NUL character matches nothing that can be stored: refused alike on both backends.
          // `title` names the family's parameter in the OpenAPI document (src/api/openapi.ts).
          patternProperties: {
            '^metadata\\.[^\\u0000]+$': {
              title: 'metadata',
              description:
                '`metadata.<key>=<value>`: only tasks whose metadata has this key with this value (compared as text); several filters must all match. Each key of this object is one query name, e.g. `?metadata.user=42`.',
              type: 'string',
              pattern: NO_NUL_PATTERN,
            },
          },
        },
        response: {
          200: {
            description: 'A page of tasks',
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: { type: 'array', items: { $ref: 'Task#' } },
              nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
            },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const q = req.query;
      const statuses = typeof q.status === 'string' ? parseStatuses(q.status) : undefined;
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(q)) {
        if (name.startsWith('metadata.') && typeof value === 'string') metadata[name.slice('metadata.'.length)] = value;
      }
      const page = await listTasks(req.store, {
        tenant: tenantScope(req.principal),
        statuses,
        type: q.type as string | undefined,
        customId: q.customId as string | undefined,
        createdAfter: typeof q.createdAfter === 'string' ? Date.parse(q.createdAfter) : undefined,
        createdBefore: typeof q.createdBefore === 'string' ? Date.parse(q.createdBefore) : undefined,
        metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
        limit: Number(q.limit),
        cursor: q.cursor as string | undefined,
      });
      const now = deps.now();
      const statsCache = new Map();
      const items = [];
      for (const task of page.tasks) {
        items.push((await renderTask(deps, task, { now, statsCache, includeInput: q.include === 'input', store: req.store })).body);
      }
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/tasks/:id/result',
    {
      schema: {
        operationId: 'getTaskResult',
        summary: 'Get a task’s result',
        description:
          'Succeeded → the result JSON. Not finished → 404 `result-not-ready` + `Retry-After`, the problem carrying `taskId`, `taskStatus` (the task’s status: RFC 9457 reserves `status` for the HTTP status), `position` (queued tasks) and `estimatedCompletionAt` (once the type has duration statistics). Failed → 409 `task-failed`, canceled → 409 `task-canceled`, both with the task’s `error`. A result that is one file → 303 to its signed download link.',
        tags: ['tasks'],
        params: taskIdParams,
        response: {
          200: { description: 'The result JSON', content: { 'application/json': { schema: {} } } },
          303: { description: 'The result is one file (`{ "file": "<id>" }` naming a file the task produced): `Location` is its signed download link', type: 'null' },
        },
      },
      config: { auth: 'tenant', problems: ['task-not-found', 'task-gone', 'result-not-ready', 'task-failed', 'task-canceled'] },
    },
    async (req, reply) => {
      const result = await getTaskResult(req.store, { tenant: tenantScope(req.principal), id: req.params.id });
      if (result.state === 'ready') {
        // A result that is one file the task produced: see it at its signed link.
        const file = await resultFile(req.store, result.task);
        if (file) return reply.code(303).header('location', (await signedLink(deps.files, file.id, deps.now())).href).send();
        return reply.code(200).type('application/json').send(result.resultJson ?? 'null');
      }
      const { task } = result;
      const { body, retryAfter } = await renderTask(deps, task, { now: deps.now(), store: req.store });
      // `status` is the problem's HTTP status member (RFC 9457), so the task's status is `taskStatus`.
      const extensions: Record<string, unknown> = { taskId: task.id, taskStatus: task.status };
      if (body.position !== undefined) extensions.position = body.position;
      if (body.positionIsLowerBound !== undefined) extensions.positionIsLowerBound = body.positionIsLowerBound;
      if (body.estimatedCompletionAt !== undefined) extensions.estimatedCompletionAt = body.estimatedCompletionAt;
      throw new ProblemError('result-not-ready', `Task ${task.id} is ${task.status}.`, {
        extensions,
        headers: { 'retry-after': String(retryAfter ?? config.retryAfter.defaultSeconds) },
      });
    },
  );

  app.get(
    '/v1/task-types',
    {
      schema: {
        operationId: 'listTaskTypes',
        summary: 'List task types',
        description: 'The task types this server accepts, with their input JSON Schemas and defaults.',
        tags: ['tasks'],
        response: {
          200: {
            description: 'Registered task types',
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['type', 'inputSchema', 'timeoutSeconds', 'maxAttempts', 'syncWaitSeconds'],
                  properties: {
                    type: { type: 'string' },
                    description: { type: 'string' },
                    inputSchema: { type: 'object', additionalProperties: true },
                    timeoutSeconds: { type: 'integer' },
                    maxAttempts: { type: 'integer' },
                    syncWaitSeconds: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async () => {
      const items = deps.taskTypes
        .types()
        .sort()
        .map((name) => deps.taskTypes.get(name))
        .filter((t) => t !== undefined)
        .map((t) => ({
          type: t.type,
          ...(t.description ? { description: t.description } : {}),
          inputSchema: t.inputSchema,
          timeoutSeconds: t.timeoutSeconds,
          maxAttempts: t.maxAttempts,
          syncWaitSeconds: t.syncWaitSeconds,
        }));
      return { items };
    },
  );
}

function parseStatuses(value: string): TaskStatus[] {
  const statuses = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of statuses) {
    if (!(TASK_STATUSES as readonly string[]).includes(s)) throw fieldProblem('/query/status', `unknown status "${s}"`);
  }
  return statuses as TaskStatus[];
}
