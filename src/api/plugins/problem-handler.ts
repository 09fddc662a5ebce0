import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, ProblemError } from '../../domain/problems.ts';
import { fieldErrorOf, type SchemaIssue } from '../../domain/schema-errors.ts';
import { StoreUnavailableError } from '../../store/store.ts';
import { drainRequest, JSON_DRAIN_BYTES } from '../drain-request.ts';

// Every error leaves the API as `application/problem+json` (RFC 9457), rendered here and only here.
// Fastify's own errors are recognised by `code`, never by message text. Anything unknown is a 500
// that is logged with its stack; the body never carries internals.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Fastify errors a client caused, by code. */
const CLIENT_ERROR_CODES: Record<string, () => ProblemError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new ProblemError('malformed-request', 'The body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new ProblemError('malformed-request', 'The body is empty but Content-Type says JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new ProblemError('malformed-request', 'Content-Length does not match the body.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new ProblemError('payload-too-large', 'The body exceeds the configured size limit.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new ProblemError('unsupported-media-type', 'Send the body as application/json.'),
  FST_ERR_BAD_URL: () => new ProblemError('malformed-request', 'The URL is malformed: a path segment is not valid percent-encoded UTF-8.'),
  FST_ERR_ASYNC_CONSTRAINT: () => new ProblemError('malformed-request'),
};

/**
 * Fastify's `frameworkErrors` option: errors its router raises before any route, hook or error
 * handler runs (they would otherwise leave as plain JSON).
 * - `FST_ERR_BAD_URL` (a path segment that is not valid percent-encoding, e.g. `%E0%A4%A`):
 *   400 `malformed-request`; every route with a path parameter documents it.
 * - `FST_ERR_MAX_PARAM_LENGTH` (a path parameter over the router's limit, 100 characters): no id
 *   we issue is that long, so it is the "no such resource" answer the route gives for any unknown
 *   id: `task-not-found` on /v1/tasks/{id}…, `reservation-not-found` for PUT /v1/tasks/{id},
 *   `not-found` elsewhere. Always 404, as for any other malformed id.
 * Auth hooks have not run: these answers say nothing about any tenant's data.
 */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0] ?? req.url;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const taskRoute = /^\/v1\/tasks\/[^/]+(?:\/[a-z]+)?\/?$/.test(path);
    const code = !taskRoute ? 'not-found' : req.method === 'PUT' ? 'reservation-not-found' : 'task-not-found';
    return sendProblem(req, reply, new ProblemError(code, 'No resource has an id this long.'));
  }
  const known = error.code ? CLIENT_ERROR_CODES[error.code] : undefined;
  return sendProblem(req, reply, known ? known() : new ProblemError('malformed-request'));
}

export interface ProblemHandlerOptions {
  /** Retry-After for 503s, seconds. */
  unavailableRetryAfterSeconds: number;
}

export function registerProblemHandler(app: FastifyInstance, options: ProblemHandlerOptions): void {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = routePattern(route.url);
    for (const method of methods) routes.push({ method, pattern });
  });

  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    const problem = toProblem(error, options);
    // A body refused for its size is still arriving: read and drop the rest first, or the client,
    // still sending when the connection closes, gets EPIPE instead of this answer.
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drainRequest(req.raw, JSON_DRAIN_BYTES);
    if (problem.status >= 500 && problem.code === 'internal-error') req.log.error({ err: error }, 'unhandled error');
    return sendProblem(req, reply, problem);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      const problem = new ProblemError('method-not-allowed', `Use one of: ${allowed.join(', ')}.`, {
        headers: { allow: allowed.join(', ') },
      });
      return sendProblem(req, reply, problem);
    }
    return sendProblem(req, reply, new ProblemError('not-found', `No route ${req.method} ${path}.`));
  });
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody(req.url));
}

function toProblem(error: FastifyError, options: ProblemHandlerOptions): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof StoreUnavailableError) {
    return new ProblemError('service-unavailable', 'The store is unavailable.', {
      headers: { 'retry-after': String(options.unavailableRetryAfterSeconds) },
    });
  }
  if (error.validation) {
    const errors = validationErrors(error.validation as SchemaIssue[], error.validationContext);
    return new ProblemError('validation-failed', errors.map((e) => `${e.pointer || '/'} ${e.detail}`).join('; '), {
      extensions: { errors },
    });
  }
  const known = error.code ? CLIENT_ERROR_CODES[error.code] : undefined;
  if (known) return known();
  // Any other Fastify client error (4xx) is still the client's mistake, never a 5xx.
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new ProblemError('malformed-request');
  }
  return new ProblemError('internal-error', 'Something failed on the server; it has been logged.');
}

/**
 * Pointers: body errors point into the body (`/input/seconds`); errors in other parts are
 * prefixed with the part (`/query/limit`, `/params/id`, `/headers/prefer`).
 */
export function validationErrors(issues: SchemaIssue[], context: string | undefined): FieldError[] {
  const prefix = context === undefined || context === 'body' ? '' : `/${context === 'querystring' ? 'query' : context}`;
  return issues.map((issue) => {
    const { pointer, detail } = fieldErrorOf(issue);
    return { pointer: prefix + pointer, detail };
  });
}

function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
