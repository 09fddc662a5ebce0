import type { FastifyInstance } from 'fastify';
import type { ProblemCode } from '../../domain/problems.ts';
import { TASK_STATUSES } from '../../domain/task.ts';

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
    metadata: { type: 'object', additionalProperties: true },
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
    attempts: { type: 'object', properties: { count: { type: 'integer' }, max: { type: 'integer' } } },
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
    error: { type: 'object', additionalProperties: true, description: 'Problem object (failed or canceled).' },
    input: { description: 'Only with `?include=input`.' },
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

/** The shared `Problem` schema is added by `registerOpenApi` (src/api/openapi.ts); routes `$ref: 'Problem#'`. */
export function addTaskSchemas(app: FastifyInstance): void {
  app.addSchema(taskSchema);
}

export function taskResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: 'Task#' } } } };
}

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
