import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reserveTaskId } from '../../operations/reserve-task-id.ts';
import { submitReservedTask } from '../../operations/submit-reserved-task.ts';
import { type SubmitResult, submitTask } from '../../operations/submit-task.ts';
import { submitBodySchema } from '../../operations/submitter.ts';
import { parseIdempotencyKey } from '../idempotency-key.ts';
import { parsePrefer } from '../plugins/prefer.ts';
import { replyWithTask } from '../task-reply.ts';
import { documentedAs } from '../openapi.ts';
import {
  FINISHED_SUBMISSION_HEADERS,
  idempotencyKeyHeader,
  preferHeader,
  SUBMIT_PROBLEMS,
  SUBMITTED_HEADERS,
  TASK_SUBMISSION_SCHEMA_ID,
  taskIdParams,
  taskResponse,
} from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Submission: POST /v1/tasks, PUT /v1/tasks/{id} (reserved id), POST /v1/task-ids.
// Answer codes: 202 accepted; 201 when a `wait` saw the task finish; 200 for a replay.

export async function taskSubmitRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { config } = deps;
  const body = documentedAs(TASK_SUBMISSION_SCHEMA_ID, submitBodySchema(config));
  const submitHeaders = { type: 'object', properties: { prefer: preferHeader, 'idempotency-key': idempotencyKeyHeader } };

  app.post(
    '/v1/tasks',
    {
      schema: {
        operationId: 'submitTask',
        summary: 'Submit a task',
        description:
          'Validates `type` and `input`, stores the task and answers 202 with a status monitor. `Prefer: wait=N` holds the request until the task finishes (201) or N seconds pass (202); without `Prefer` the type’s `syncWaitSeconds` applies; inside an atomic batch group no wait is held (nothing commits before the group does). Validation pointers point into the body.',
        tags: ['tasks'],
        headers: submitHeaders,
        body,
        response: {
          200: taskResponse('Replay: same customId or Idempotency-Key with the same body', SUBMITTED_HEADERS),
          201: taskResponse('The task finished within the wait', FINISHED_SUBMISSION_HEADERS),
          202: taskResponse('Accepted; poll `Location`', SUBMITTED_HEADERS),
        },
      },
      config: { auth: 'tenant', problems: [...SUBMIT_PROBLEMS, 'idempotency-key-reused', 'idempotency-key-in-flight'] },
    },
    async (req, reply) => {
      const idempotencyKey = parseIdempotencyKey(req);
      const result = await submitTask(
        req.store,
        { tenant: req.principal.tenant, body: req.body, idempotencyKey, prefer: preferOf(req), signal: clientGone(reply), log: req.log },
        deps,
      );
      return replySubmitted(deps, reply, result);
    },
  );

  app.put<{ Params: { id: string } }>(
    '/v1/tasks/:id',
    {
      schema: {
        operationId: 'submitTaskWithId',
        summary: 'Submit a task under a reserved id',
        description:
          'Like `POST /v1/tasks` with an id from `POST /v1/task-ids`. Same body again → the same task (200); another body → 422 `task-id-conflict`; unknown or expired reservation → 404 `reservation-not-found`. PUT is idempotent by the reserved id, so an `Idempotency-Key` is validated like on `POST /v1/tasks` (a malformed or repeated header is 400 `invalid-header`) and otherwise ignored.',
        tags: ['tasks'],
        params: taskIdParams,
        headers: {
          type: 'object',
          properties: {
            prefer: preferHeader,
            'idempotency-key': { ...idempotencyKeyHeader, description: `${idempotencyKeyHeader.description} Validated, then ignored: the reserved id makes PUT idempotent.` },
          },
        },
        body,
        response: {
          200: taskResponse('Replay: this id was already submitted with the same body', SUBMITTED_HEADERS),
          201: taskResponse('The task finished within the wait', FINISHED_SUBMISSION_HEADERS),
          202: taskResponse('Accepted; poll `Location`', SUBMITTED_HEADERS),
        },
      },
      config: { auth: 'tenant', problems: [...SUBMIT_PROBLEMS, 'reservation-not-found', 'task-id-conflict', 'task-gone'] },
    },
    async (req, reply) => {
      parseIdempotencyKey(req); // validated like POST's; the reserved id already makes PUT idempotent
      const result = await submitReservedTask(
        req.store,
        { tenant: req.principal.tenant, id: req.params.id, body: req.body, prefer: preferOf(req), signal: clientGone(reply), log: req.log },
        deps,
      );
      return replySubmitted(deps, reply, result);
    },
  );

  app.post(
    '/v1/task-ids',
    {
      schema: {
        operationId: 'reserveTaskId',
        summary: 'Reserve a task id',
        description: 'Hands out an id to submit with `PUT /v1/tasks/{id}` before it expires.',
        tags: ['tasks'],
        response: {
          201: {
            description: 'Reserved',
            type: 'object',
            required: ['id', 'expiresAt'],
            properties: { id: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req, reply) => {
      const { id, expiresAt } = await reserveTaskId(req.store, { tenant: req.principal.tenant }, deps);
      return reply.code(201).send({ id, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  function preferOf(req: FastifyRequest) {
    return parsePrefer(req.headers.prefer, config.limits.waitMaxSeconds);
  }
}

/** Aborts when the client closes the connection (a wait is then pointless). */
export function clientGone(reply: FastifyReply): AbortSignal {
  const aborted = new AbortController();
  reply.raw.once('close', () => aborted.abort());
  return aborted.signal;
}

function replySubmitted(deps: TaskRouteDeps, reply: FastifyReply, result: SubmitResult) {
  return replyWithTask(deps, reply, result.task, {
    status: result.status,
    now: deps.now(),
    location: true,
    replayed: result.replayed,
    preferenceApplied: result.preferenceApplied,
    store: reply.request.store,
  });
}
