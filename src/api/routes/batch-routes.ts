import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BATCH_ID_PATTERN, BATCH_METHODS, type BatchRequest, type BatchRules } from '../../domain/batch-plan.ts';
import { NO_NUL_PATTERN } from '../../domain/schema-errors.ts';
import { getBatch } from '../../operations/get-batch.ts';
import { listBatches } from '../../operations/list-batches.ts';
import type { Dispatch } from '../../operations/run-batch.ts';
import { acceptBatch, runBatchNow } from '../../operations/submit-batch.ts';
import { fieldProblem } from '../../operations/submitter.ts';
import { isListCursor } from '../../store/list-cursor.ts';
import type { BatchStatus } from '../../store/batch-store.ts';
import { batchSummary, renderBatch } from '../batch-document.ts';
import type { BatchRunner } from '../batch-runner.ts';
import { type Principal, tenantScope } from '../plugins/auth.ts';
import { parsePrefer } from '../plugins/prefer.ts';
import { JSON_CONTENT_TYPE } from '../task-document.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';
import { preferHeader } from './task-schemas.ts';
import { clientGone } from './task-submit-routes.ts';

// POST /v1/batch (many API calls in one request, seed 004 §2–5), GET /v1/batches/{id} (a stored
// batch's status monitor) and GET /v1/batches. The commands are src/operations/submit-batch.ts and
// get-batch.ts; sub-requests reach their routes through src/api/batch-dispatch.ts.

export interface BatchRouteDeps extends TaskRouteDeps {
  dispatchAs: (principal: Principal) => Dispatch;
  rules: Pick<BatchRules, 'streams'>;
  runner: BatchRunner;
}

const STATUSES: BatchStatus[] = ['accepted', 'running', 'dispatched', 'completed'];

const subResponse = {
  type: 'object',
  required: ['id', 'status', 'headers', 'body'],
  properties: {
    id: { type: 'string' },
    status: { type: 'integer' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'The sub-response’s headers (lower case), without the connection’s (content-length, date, x-request-id).' },
    body: { description: 'The sub-response’s body: JSON when it was JSON, else text; null when empty.' },
    atomicityGroup: { type: 'string' },
  },
} as const;

const iso = { type: 'string', format: 'date-time' } as const;
const batchProgress = { type: 'object', required: ['done', 'total'], properties: { done: { type: 'integer' }, total: { type: 'integer' } } } as const;

export const batchSchema = {
  $id: 'Batch',
  type: 'object',
  description: 'A stored batch: the dispatch of its sub-requests and the work they started.',
  required: ['id', 'status', 'progress', 'responses', 'tasks', 'createdAt', 'updatedAt', 'expiresAt', 'links'],
  properties: {
    id: { type: 'string' },
    status: {
      type: 'string',
      enum: STATUSES,
      description: '`accepted` → `running` (being dispatched) → `dispatched` (every sub-request answered) → `completed` (every task they created finished; `batch.completed` is sent).',
    },
    progress: { ...batchProgress, description: 'Sub-requests answered so far, of all.' },
    responses: { type: 'array', items: subResponse, description: 'The answers so far, in request order.' },
    tasks: {
      type: 'object',
      required: ['total', 'byStatus', 'percent'],
      description:
        'The tasks the sub-requests created (a submission’s `Location`, a bulk submission’s items), summed: a finished task counts 100 %, a running one its reported or estimated percent (as on a task document).',
      properties: {
        total: { type: 'integer' },
        byStatus: { type: 'object', additionalProperties: { type: 'integer' } },
        percent: { type: 'number' },
        estimatedCompletionAt: iso,
      },
    },
    createdAt: iso,
    updatedAt: iso,
    dispatchedAt: iso,
    completedAt: iso,
    expiresAt: iso,
    links: {
      type: 'object',
      properties: {
        self: { type: 'string' },
        tasks: { type: 'array', items: { type: 'string' }, description: 'The created tasks (at most `limits.pageSizeMax`).' },
        tasksTruncated: { type: 'boolean' },
      },
    },
  },
} as const;

/**
 * Added to the root instance: a scope that adds a schema of its own gets a schema controller of its
 * own, and with it Fastify's default validator (which coerces and strips), not the app's.
 */
export function addBatchSchemas(app: FastifyInstance): void {
  app.addSchema(batchSchema);
}

export async function batchRoutes(app: FastifyInstance, deps: BatchRouteDeps): Promise<void> {
  const { config } = deps;
  const limits = config.limits;
  const opDeps = { config, rules: deps.rules, now: deps.now, taskTypes: deps.taskTypes };

  app.post<{ Body: { requests: BatchRequest[] } }>(
    '/v1/batch',
    {
      bodyLimit: limits.batchBodyBytes,
      schema: {
        operationId: 'submitBatch',
        summary: 'Run many API calls in one request',
        description: [
          `Up to ${limits.batchMaxRequests} sub-requests (\`limits.batchMaxRequests\`), each dispatched in process to its own route — same key, tenant, validation, limits and problem documents as if called directly; headers such as \`Idempotency-Key\`, \`Prefer\` and \`If-Match\` are the sub-request’s own. The answer lists every sub-response in request order.`,
          `Independent sub-requests run concurrently (at most ${limits.batchConcurrency}, \`limits.batchConcurrency\`); one runs only after every id in its \`dependsOn\` (earlier ids only) answered, and not at all when one of them answered non-2xx (424 \`dependency-failed\`).`,
          'References: a `url` `$<id>/rest` is `<id>`’s `Location` + `/rest`; a body value `{"$ref": "<id>#<JSON Pointer>"}` is the value at that pointer of `<id>`’s response body (`<id>` must be in `dependsOn`); unresolvable → 424 `reference-unresolvable`. An object whose `$ref` has no `<id>#` prefix is sent as it is.',
          'An `atomicityGroup` (adjacent members) runs in one store transaction, member after member: when one answers non-2xx everything the group wrote — tasks, idempotency records, webhook events — is rolled back and the others answer 424 `atomic-group-failed`. Inside a group `Prefer: wait` is not honoured (nothing commits before the group does) and a long-poll answers at once. Work already done outside the database is undone by task compensation (`group` on tasks), not by the transaction.',
          'The structure is checked before anything runs (422 `batch-invalid`, one pointer per problem): duplicate ids, forward or unknown `dependsOn`, non-adjacent groups, a nested `/v1/batch`, a URL outside `/v1/`, a streaming route (`/events`), `Authorization` or framing headers, references to requests not in `dependsOn`, a `dependsOn` chain deeper than `limits.batchMaxDepth`. The whole body is limited by `limits.batchBodyBytes`.',
          '`Prefer: respond-async` stores the batch and answers 202 with its status monitor (`Location: /v1/batches/{id}`); it is dispatched in the background and finishes even if the node that accepted it dies (another node takes it over; a POST sub-request without an `Idempotency-Key` gets one derived from the batch and its id, so a re-run replays). A synchronous batch is not stored.',
        ].join('\n\n'),
        tags: ['batches'],
        headers: { type: 'object', properties: { prefer: preferHeader } },
        body: {
          type: 'object',
          required: ['requests'],
          additionalProperties: false,
          properties: {
            requests: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['id', 'method', 'url'],
                additionalProperties: false,
                properties: {
                  id: { type: 'string', pattern: BATCH_ID_PATTERN, description: 'Unique within the batch.' },
                  method: { type: 'string', enum: [...BATCH_METHODS] },
                  url: { type: 'string', minLength: 1, maxLength: 4096, description: 'A path under `/v1/` with its query, or `$<id>…`.' },
                  headers: {
                    type: 'object',
                    maxProperties: 32,
                    propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$" },
                    additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[^\\u0000\\r\\n]*$' },
                  },
                  body: { description: 'JSON, sent as `application/json` (POST, PUT, PATCH).' },
                  dependsOn: { type: 'array', uniqueItems: true, items: { type: 'string', maxLength: 64, pattern: NO_NUL_PATTERN } },
                  atomicityGroup: { type: 'string', pattern: BATCH_ID_PATTERN },
                },
              },
            },
          },
        },
        response: {
          200: {
            description: 'Every sub-response, in request order',
            type: 'object',
            required: ['responses'],
            properties: { responses: { type: 'array', items: subResponse } },
          },
          202: { description: 'Stored; poll `Location`', content: { 'application/json': { schema: { $ref: 'Batch#' } } } },
        },
      },
      config: { auth: 'tenant', problems: ['batch-invalid'] },
    },
    async (req, reply) => {
      const { requests } = req.body;
      const prefs = parsePrefer(req.headers.prefer, limits.waitMaxSeconds);
      if (!prefs.respondAsync) {
        // Run to the end even if the client goes away: what was started finishes consistently.
        const responses = await runBatchNow(req.store, { requests, dispatch: deps.dispatchAs(req.principal) }, opDeps);
        return reply.code(200).send({
          responses: responses.map((r, i) => ({
            id: requests[i]!.id,
            status: r.status,
            headers: r.headers,
            body: r.body ?? null,
            ...(requests[i]!.atomicityGroup !== undefined ? { atomicityGroup: requests[i]!.atomicityGroup } : {}),
          })),
        });
      }
      const leaseToken = randomUUID();
      const caller = { keyId: req.principal.keyId, tenant: req.principal.tenant, admin: req.principal.admin };
      const batch = await acceptBatch(req.store, { requests, caller, owner: deps.runner.owner, leaseToken }, opDeps);
      deps.runner.dispatch(batch, leaseToken);
      const { json, etag, retryAfter } = renderBatch({ batch, responses: [], work: emptyWork(), taskIds: [], moreTasks: false }, config, deps.now());
      reply.header('location', `/v1/batches/${batch.id}`).header('etag', etag).header('preference-applied', 'respond-async');
      if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
      return reply.code(202).type(JSON_CONTENT_TYPE).send(json);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      schema: {
        operationId: 'getBatch',
        summary: 'Get a batch (status monitor)',
        description:
          'A stored batch: its sub-responses so far and the progress of the tasks they created. `Retry-After` until it is `completed`; strong `ETag`, `If-None-Match` → 304; `Prefer: wait=N` long-polls: the answer comes as soon as the dispatch or a task’s status changes, or after N seconds.',
        tags: ['batches'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Batch id (`bat_…`); a malformed or unknown id is 404.' } } },
        headers: { type: 'object', properties: { prefer: preferHeader, 'if-none-match': { type: 'string' } } },
        response: {
          200: { description: 'The batch document', content: { 'application/json': { schema: { $ref: 'Batch#' } } } },
          304: { description: 'Not modified', type: 'null' },
        },
      },
      config: { auth: 'tenant', problems: ['batch-not-found'] },
    },
    async (req, reply) => {
      reply.header('vary', 'Prefer').header('cache-control', 'no-store');
      const prefs = parsePrefer(req.headers.prefer, limits.waitMaxSeconds);
      const inm = req.headers['if-none-match'];
      const tags = inm ? inm.split(',').map((t) => t.trim().replace(/^W\//, '')) : [];
      const now = () => deps.now();
      const { view, waited } = await getBatch(
        req.store,
        {
          tenant: tenantScope(req.principal),
          id: req.params.id,
          waitSeconds: prefs.wait,
          clientHasCurrent: (v) => tags.length === 0 || tags.some((t) => t === '*' || t === renderBatch(v, config, now()).etag),
          signal: prefs.wait ? clientGone(reply) : undefined,
        },
        opDeps,
      );
      const { json, etag, retryAfter } = renderBatch(view, config, now());
      reply.header('etag', etag);
      if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
      if (waited) reply.header('preference-applied', `wait=${prefs.wait}`);
      if (tags.some((t) => t === '*' || t === etag)) return reply.code(304).send();
      return reply.code(200).type(JSON_CONTENT_TYPE).send(json);
    },
  );

  app.get<{ Querystring: { status?: string; limit: number; cursor?: string } }>(
    '/v1/batches',
    {
      schema: {
        operationId: 'listBatches',
        summary: 'List batches',
        description: 'Stored (asynchronous) batches, newest first, cursor-paginated; `status` takes a comma list. Each item is the dispatch only: the work progress is on the batch’s own document.',
        tags: ['batches'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', description: `Comma list of ${STATUSES.join(', ')}` },
            limit: { type: 'integer', minimum: 1, maximum: limits.pageSizeMax, default: limits.pageSizeDefault },
            cursor: { type: 'string', minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$', description: '`nextCursor` of the previous page, as given.' },
          },
        },
        response: {
          200: {
            description: 'A page of batches',
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'status', 'progress', 'createdAt', 'updatedAt', 'expiresAt', 'links'],
                  properties: {
                    id: { type: 'string' },
                    status: { type: 'string', enum: STATUSES },
                    progress: batchProgress,
                    createdAt: iso,
                    updatedAt: iso,
                    dispatchedAt: iso,
                    completedAt: iso,
                    expiresAt: iso,
                    links: { type: 'object', properties: { self: { type: 'string' } } },
                  },
                },
              },
              nextCursor: { type: ['string', 'null'] },
            },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const q = req.query;
      const statuses = q.status === undefined ? undefined : q.status.split(',').map((s) => s.trim()).filter((s) => s !== '');
      for (const s of statuses ?? []) {
        if (!(STATUSES as string[]).includes(s)) throw fieldProblem('/query/status', `unknown status "${s}"`);
      }
      if (q.cursor !== undefined && !isListCursor(q.cursor)) throw fieldProblem('/query/cursor', 'is not a cursor this server gave');
      const page = await listBatches(req.store, { tenant: tenantScope(req.principal), statuses: statuses as BatchStatus[] | undefined, limit: q.limit, cursor: q.cursor });
      return { items: page.batches.map(batchSummary), nextCursor: page.nextCursor };
    },
  );
}

function emptyWork() {
  return { total: 0, byStatus: { pending: 0, queued: 0, running: 0, succeeded: 0, failed: 0, canceled: 0 }, percent: 100, finished: true, estimatedCompletionAt: null };
}
