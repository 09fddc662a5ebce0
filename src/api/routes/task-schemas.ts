import type { FastifyInstance } from 'fastify';
import { TASK_STATUSES } from '../../domain/task.ts';

// Shared JSON Schemas of the task routes. The OpenAPI document is generated from the route
// schemas, so every response (problems included) is declared here once and referenced by $ref.

const PROBLEM_MEDIA = 'application/problem+json';

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details; `code` names the problem in the registry (`/problems/{code}`).',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Validation problems. Body errors point into the body (`/input/seconds`); query, path and header errors are prefixed `/query/…`, `/params/…`, `/headers/…`.',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

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
    position: { type: 'integer', description: 'Runnable tasks ahead of this one (queued only).' },
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
    links: {
      type: 'object',
      properties: {
        self: { type: 'string' },
        result: { type: 'string' },
        cancel: { type: 'string' },
        events: { type: 'string' },
      },
    },
  },
} as const;

export function addTaskSchemas(app: FastifyInstance): void {
  app.addSchema(problemSchema);
  app.addSchema(taskSchema);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed request or header',
  401: 'Missing, unknown or revoked API key',
  404: 'Not found (also for other tenants’ tasks)',
  409: 'Conflict with the task’s state',
  410: 'The task was destroyed or purged',
  412: 'If-Match does not match',
  413: 'Too large',
  415: 'Not JSON',
  422: 'Validation failed',
  428: 'If-Match required',
  429: 'Rate limited',
  503: 'Store unavailable',
};

/** Problem responses for the given statuses, plus the ones every /v1 route can give. */
export function problemResponses(...statuses: number[]): Record<string, unknown> {
  const all = new Set([400, 401, ...statuses, 503]);
  const out: Record<string, unknown> = {};
  for (const status of all) {
    out[status] = {
      description: STATUS_TEXT[status] ?? 'Problem',
      content: { [PROBLEM_MEDIA]: { schema: { $ref: 'Problem#' } } },
    };
  }
  out['5xx'] = { description: 'Server error', content: { [PROBLEM_MEDIA]: { schema: { $ref: 'Problem#' } } } };
  return out;
}

export function taskResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: 'Task#' } } } };
}

export const taskIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'Task id (`tsk_…`); a malformed id is 404.' } },
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
