import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/defaults.ts';
import type { ProblemCode } from '../../domain/problems.ts';
import { TASK_STATUSES } from '../../domain/task.ts';
import { submitBodySchema } from '../../operations/submitter.ts';
import { fileSummarySchema } from '../file-links.ts';

// Shared JSON Schemas of the task routes. The OpenAPI document is generated from the route
// schemas, so every success response is declared here once and referenced by $ref. Problem
// responses are not declared by routes: src/api/openapi.ts adds them from each route's problem
// codes (its defaults plus `config.problems`), with the one shared `Problem` schema.

const iso = { type: 'string', format: 'date-time' } as const;

export const taskSchema = {
  $id: 'Task',
  type: 'object',
  description: 'The task document: a status monitor with progress, position, estimates and links.',
  required: ['id', 'type', 'status', 'priority', 'progress', 'attempts', 'createdAt', 'updatedAt', 'expiresAt', 'cancelRequested', 'links'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: [...TASK_STATUSES] },
    customId: { type: 'string' },
    priority: { type: 'integer' },
    metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    progress: {
      type: 'object',
      required: ['percent', 'source'],
      properties: {
        percent: { type: 'number' },
        source: { type: 'string', enum: ['reported', 'estimated', 'none'] },
        message: { type: 'string' },
        current: { type: 'number' },
        total: { type: 'number' },
      },
    },
    position: {
      type: 'integer',
      description:
        'Runnable tasks ahead of this one (queued only). Counted exactly up to the server’s `limits.positionExactMax` (default 100); beyond, this is that cap and `positionIsLowerBound` is true. Read from a snapshot of the queue head that is at most 250 ms old (fresh after changes made through the same server).',
    },
    positionIsLowerBound: {
      type: 'boolean',
      enum: [true],
      description: 'Present (true) only when `position` is a lower bound: at least that many tasks are ahead.',
    },
    estimatedStartAt: iso,
    estimatedCompletionAt: iso,
    attempts: {
      type: 'object',
      required: ['count', 'max'],
      properties: {
        count: { type: 'integer', description: 'Attempts started so far.' },
        max: { type: 'integer', description: 'Attempts allowed in all.' },
      },
    },
    runAt: iso,
    timeoutSeconds: { type: 'integer' },
    callbackUrl: { type: 'string' },
    createdAt: iso,
    startedAt: iso,
    updatedAt: iso,
    finishedAt: iso,
    expiresAt: iso,
    cancelRequested: { type: 'boolean' },
    result: { description: 'The result JSON (succeeded only).' },
    error: { $ref: 'TaskError#', description: 'Why it failed or was canceled (failed or canceled only).' },
    input: { description: 'Only with `?include=input`.' },
    files: {
      type: 'array',
      description: 'Succeeded tasks: the files the task produced, each with a signed download link (`href`, no API key needed) valid until `hrefExpiresAt`.',
      items: fileSummarySchema,
    },
    dependsOn: { type: 'array', items: { type: 'string' }, description: 'The parents this task waits for (as submitted).' },
    dependencyPolicy: { type: 'string', enum: ['succeeded', 'always'] },
    waitingFor: { type: 'integer', description: 'Parents not yet finished (succeeded, for the default policy); present while the task waits for them.' },
    group: {
      type: 'object',
      required: ['id', 'atomic'],
      properties: { id: { type: 'string' }, atomic: { type: 'boolean' } },
      description: 'The execution group (`GET /v1/task-groups/{id}`).',
    },
    compensated: { type: 'boolean', description: 'A group member: its compensation ran and succeeded.' },
    compensates: { type: 'string', description: 'A compensation task: the member it undoes.' },
    links: {
      type: 'object',
      required: ['self', 'result', 'cancel', 'events'],
      properties: {
        self: { type: 'string' },
        result: { type: 'string' },
        cancel: { type: 'string' },
        events: { type: 'string' },
        group: { type: 'string' },
      },
    },
  },
} as const;

/** `$ref: 'TaskSubmission#'`: the body of `POST /v1/tasks`, of `PUT /v1/tasks/{id}` and of each bulk item. */
export const TASK_SUBMISSION_SCHEMA_ID = 'TaskSubmission';

/**
 * The shared `Problem` and `TaskError` schemas are added by `registerOpenApi` (src/api/openapi.ts);
 * routes `$ref: 'Problem#'`. `TaskSubmission` is for the document: the routes validate with the
 * schema inline (their validators do not see shared schemas) and `documentedAs` it.
 */
export function addTaskSchemas(app: FastifyInstance, config: Readonly<Config>): void {
  app.addSchema(taskSchema);
  app.addSchema({ $id: TASK_SUBMISSION_SCHEMA_ID, description: 'A task to submit.', ...defaultsInWords(submitBodySchema(config)) });
}

/**
 * Generators read a component's `default` as "always present" (openapi-typescript makes such a
 * property required), which holds for answers, not for a request body: the submission's defaults
 * are stated in words instead. The routes validate with the schema as it is.
 */
function defaultsInWords<S extends { properties: Record<string, object> }>(schema: S): S {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      if (!('default' in property)) return [name, property];
      const { default: value, description, ...rest } = property as { default: unknown; description?: string };
      return [name, { ...rest, description: `${description ? `${description} ` : ''}Default: ${JSON.stringify(value)}.` }];
    }),
  );
  return { ...schema, properties };
}

/** A response header's schema; `required: true` means every answer of that status carries it (src/api/openapi.ts). */
type HeaderSchema = { type: string; description: string; required?: true } & Record<string, unknown>;

/** The headers task answers carry, by name as the document spells them. */
export const TASK_HEADERS = {
  Location: { type: 'string', description: 'The task’s status monitor, `/v1/tasks/{id}`.', required: true },
  ETag: {
    type: 'string',
    description: 'Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task.',
    required: true,
  },
  'Retry-After': {
    type: 'integer',
    minimum: 0,
    description: 'While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress).',
  },
  'Idempotent-Replayed': {
    type: 'string',
    enum: ['true'],
    description: 'Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body).',
  },
  'Preference-Applied': { type: 'string', description: 'The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`.' },
  'Cache-Control': { type: 'string', enum: ['no-store'], description: 'The status monitor is never cached.', required: true },
  Vary: { type: 'string', description: '`Prefer`: a long-poll and a plain read may answer differently.', required: true },
} as const satisfies Record<string, HeaderSchema>;

type TaskHeaderName = keyof typeof TASK_HEADERS;

/** `headers` of a response, picked from TASK_HEADERS; `optional` ones lose their `required`. */
export function taskHeaders(names: readonly TaskHeaderName[], optional: readonly TaskHeaderName[] = []) {
  return Object.fromEntries(
    names.map((name) => {
      const { required, ...rest } = TASK_HEADERS[name] as HeaderSchema;
      return [name, optional.includes(name) || !required ? rest : { ...rest, required }];
    }),
  );
}

/** A task document answer with the headers it carries. */
export function taskResponse(description: string, headers?: Record<string, unknown>) {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: 'Task#' } } } };
}

/** The headers of a submission's answers (POST and PUT): 201 is the final document, so it has no Retry-After. */
export const SUBMITTED_HEADERS = taskHeaders(['Location', 'ETag', 'Retry-After', 'Idempotent-Replayed', 'Preference-Applied']);
export const FINISHED_SUBMISSION_HEADERS = taskHeaders(['Location', 'ETag', 'Idempotent-Replayed', 'Preference-Applied']);
/** A changed task's answer (PATCH, cancel). */
export const CHANGED_TASK_HEADERS = taskHeaders(['ETag', 'Retry-After']);

export const taskIdParams = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', description: 'Task id (`tsk_…`); a malformed, unknown or over-long id is 404.' },
  },
} as const;

/** Problems every submission (POST, PUT, each bulk item) can answer beyond the route defaults. */
export const SUBMIT_PROBLEMS = [
  'unknown-task-type',
  'webhook-url-refused',
  'input-invalid',
  'custom-id-conflict',
  'rate-limited',
  'payload-too-large',
  'submission-outcome-unknown',
] as const satisfies readonly ProblemCode[];

export const idempotencyKeyHeader = {
  type: 'string',
  description: 'sf-string or bare token, 1–255 printable ASCII, at most one header; kept 24 h by default.',
} as const;

export const preferHeader = {
  type: 'string',
  description: 'RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored.',
} as const;

export const includeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { include: { type: 'string', enum: ['input'], description: '`input` adds the task input to the document.' } },
} as const;
