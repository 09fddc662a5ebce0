import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { PROBLEMS, type ProblemCode, problemType } from '../domain/problems.ts';
import { TASK_STATUSES } from '../domain/task.ts';
import { TASK_ERROR_CODES } from '../engine/task-errors.ts';
import type { AuthMode } from './plugins/auth.ts';

// The OpenAPI 3.1 document is generated from the routes' schemas by @fastify/swagger. This module
// adds what routes should not each repeat: the shared `Problem` schema, and on every operation the
// problem responses it can return. Routes declare their own extra codes with `config.problems`;
// the codes every route of a kind can return (auth, body parsing, validation) are added here, so
// the document, the registry and `/problems/{code}` cannot drift apart.
//
// Two conventions let a route's schema say more to the document than to the validator:
// - `documentedAs(name, schema)`: the validator uses `schema`, the document `$ref`s the shared
//   schema `name` (a bulk item is validated item by item by the operation, so that one bad item
//   does not refuse the request, yet it is a `TaskSubmission`).
// - a querystring's `patternProperties` (a family of names such as `metadata.<key>`) becomes one
//   form-exploded object parameter named by the pattern schema's `title`: each key of the object is
//   a query name, which is what `style: form, explode: true` means in OpenAPI.
// And a response header declared with `required: true` (in its schema, where @fastify/swagger
// copies it) is marked required on the header object, where OpenAPI wants it.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Problem codes this route can return beyond the ones every route of its kind returns. */
    problems?: readonly ProblemCode[];
  }
}

/** The keyword `documentedAs` sets; ignored by the validators (ajv runs with `strict: false`). */
const DOCUMENTED_AS = 'x-documented-as';

/** `schema` for validation, `$ref: '<name>#'` in the OpenAPI document (see above). */
export function documentedAs<S extends object>(name: string, schema: S): S {
  return { ...schema, [DOCUMENTED_AS]: name };
}

/** Replaces every `documentedAs` subschema by its `$ref`, for the document only. */
function documentView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(documentView);
  if (value === null || typeof value !== 'object') return value;
  const name = (value as Record<string, unknown>)[DOCUMENTED_AS];
  if (typeof name === 'string') return { $ref: `${name}#` };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, documentView(v)]));
}

/** Headers some problems carry, declared on the responses of their status. */
const PROBLEM_HEADER_SCHEMAS = {
  'WWW-Authenticate': { type: 'string', description: '`Bearer` (RFC 6750), when the key is missing or not valid.' },
  'Retry-After': { type: 'integer', minimum: 0, description: 'Integer seconds until a retry is worth it.' },
  Location: { type: 'string', description: '`submission-outcome-unknown` of a single submission: the task that may have been created.' },
} as const;

const PROBLEM_HEADERS: Partial<Record<ProblemCode, readonly (keyof typeof PROBLEM_HEADER_SCHEMAS)[]>> = {
  unauthorized: ['WWW-Authenticate'],
  'rate-limited': ['Retry-After'],
  'idempotency-key-in-flight': ['Retry-After'],
  'result-not-ready': ['Retry-After'],
  'service-unavailable': ['Retry-After'],
  'submission-outcome-unknown': ['Retry-After', 'Location'],
};

/** Not `required`: another code of the same status may not send them. */
function problemHeaders(codes: ProblemCode[]): Record<string, unknown> | undefined {
  const names = new Set(codes.flatMap((c) => PROBLEM_HEADERS[c] ?? []));
  if (names.size === 0) return undefined;
  return Object.fromEntries([...names].map((name) => [name, PROBLEM_HEADER_SCHEMAS[name]]));
}

/** A `patternProperties` family of query names as one form-exploded object parameter (see above). */
function queryFamilies(querystring: unknown): Record<string, unknown>[] {
  const patterns = (querystring as { patternProperties?: Record<string, Record<string, unknown>> } | undefined)?.patternProperties ?? {};
  return Object.entries(patterns).map(([pattern, { title, description, ...valueSchema }]) => {
    if (typeof title !== 'string') throw new Error(`querystring patternProperties ${pattern}: give it a \`title\` (the parameter's name in the document)`);
    return {
      name: title,
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
      ...(typeof description === 'string' ? { description } : {}),
      schema: { type: 'object', propertyNames: { pattern }, additionalProperties: valueSchema },
    };
  });
}

/** `required: true` inside a header's schema (where @fastify/swagger puts it) belongs on the header object. */
function liftRequiredHeaders(responses: Record<string, Record<string, unknown>> | undefined): void {
  for (const response of Object.values(responses ?? {})) {
    for (const header of Object.values((response.headers ?? {}) as Record<string, { schema?: Record<string, unknown>; required?: boolean }>)) {
      if (header.schema?.required === true) {
        delete header.schema.required;
        header.required = true;
      }
    }
  }
}

/** `$ref: 'Problem#'` in a route's response schema points at this. */
export const PROBLEM_SCHEMA_ID = 'Problem';

/** The route's declared auth mode, read exactly as the auth plugin reads it (src/api/plugins/auth.ts). */
function authModeOf(route: Pick<RouteOptions, 'config'>): AuthMode {
  return (route.config as { auth?: AuthMode } | undefined)?.auth ?? 'tenant';
}

/** The security requirement of a mode; undefined keeps the document's global one (a tenant key). */
function securityOf(mode: AuthMode): { bearer: string[] }[] | undefined {
  return mode === 'public' ? [] : undefined;
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const CODES = Object.keys(PROBLEMS) as ProblemCode[];

export const problemSchema = {
  $id: PROBLEM_SCHEMA_ID,
  type: 'object',
  description: `RFC 9457 problem details. \`type\` is \`/problems/{code}\`, which documents the problem.`,
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', description: 'URI reference of the problem type: `/problems/{code}`.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', enum: CODES },
    errors: {
      type: 'array',
      description:
        'Validation problems. Body errors point into the body (`/input/seconds`); query, path and header errors are prefixed `/query/…`, `/params/…`, `/headers/…`.',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) into the request body or query.' },
          detail: { type: 'string' },
        },
        additionalProperties: true,
      },
    },
    // Extensions some codes carry (each code's page says which); declared so that clients can read them typed.
    taskId: { type: 'string', description: 'The task concerned (`result-not-ready`, `task-failed`, `task-canceled`, `task-state-conflict`, `custom-id-conflict`, `submission-outcome-unknown`).' },
    taskIds: { type: 'array', items: { type: 'string' }, description: '`submission-outcome-unknown` of a bulk request: the tasks that may have been created.' },
    taskStatus: { type: 'string', enum: [...TASK_STATUSES], description: 'The task’s status (`status` is the HTTP status).' },
    position: { type: 'integer', description: '`result-not-ready`: runnable tasks ahead of a queued task. `malformed-request`: the offset in the body.' },
    positionIsLowerBound: { type: 'boolean', description: '`result-not-ready`: `position` is a lower bound.' },
    estimatedCompletionAt: { type: 'string', format: 'date-time', description: '`result-not-ready`, once the type has duration statistics.' },
    index: { type: 'integer', description: '`bulk-item-invalid`: the failing item.' },
    error: {
      type: ['object', 'null'],
      description: '`task-failed`, `task-canceled`: the task’s error (a `TaskError`). `bulk-item-invalid`: the failing item’s problem.',
      required: ['type', 'title', 'code'],
      properties: { type: { type: 'string' }, title: { type: 'string' }, detail: { type: 'string' }, code: { type: 'string' } },
      additionalProperties: true,
    },
  },
  additionalProperties: true,
} as const;

/** `$ref: 'TaskError#'` for a task document's `error`. */
export const TASK_ERROR_SCHEMA_ID = 'TaskError';

export const taskErrorSchema = {
  $id: TASK_ERROR_SCHEMA_ID,
  type: 'object',
  description:
    'Why a failed or canceled task ended: RFC 9457 problem-details members, `type` being `/errors/{code}`. It describes the task, not an HTTP response, so it has no `status`.',
  required: ['type', 'title', 'code'],
  properties: {
    type: { type: 'string', description: 'URI reference of the error type: `/errors/{code}`.' },
    title: { type: 'string' },
    detail: { type: 'string', description: 'What went wrong, e.g. the message the handler threw.' },
    code: { type: 'string', enum: [...TASK_ERROR_CODES] },
  },
  additionalProperties: true,
} as const;

/** A path param that is more than "any string" can fail validation; a plain one only fails lookup (404). */
function constrainsParams(params: unknown): boolean {
  const props = (params as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {};
  return Object.values(props).some((p) => Object.keys(p).some((k) => k !== 'type' && k !== 'description') || p.type !== 'string');
}

/**
 * What the HTTP layer answers before any route (src/api/plugins/client-error.ts): malformed
 * framing, headers that never finish arriving, chunk extensions or headers over the limits. Any
 * request can get them, so every operation documents them.
 */
const HTTP_LAYER_PROBLEMS: readonly ProblemCode[] = ['malformed-request', 'request-timeout', 'payload-too-large', 'request-header-fields-too-large'];

/** The problems a route can return because of what it is, before its own `config.problems`. */
export function defaultProblemCodes(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): ProblemCode[] {
  const codes = new Set<ProblemCode>(HTTP_LAYER_PROBLEMS);
  const schema = (route.schema ?? {}) as FastifySchema;
  const methods = [route.method].flat();
  const mode = authModeOf(route);
  if (mode !== 'public') {
    codes.add('unauthorized');
    codes.add('invalid-header');
    codes.add('service-unavailable');
  }
  if (mode === 'admin' || mode === 'worker') codes.add('forbidden');
  if (methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) {
    codes.add('malformed-request');
    codes.add('payload-too-large');
    codes.add('unsupported-media-type');
    codes.add('validation-failed');
  }
  // A path parameter that is not valid percent-encoding fails in the router (src/api/plugins/problem-handler.ts).
  if (route.url.includes(':')) codes.add('malformed-request');
  if (schema.querystring || constrainsParams(schema.params)) {
    codes.add('malformed-request');
    codes.add('validation-failed');
  }
  codes.add('internal-error');
  return [...codes];
}

function routeProblemCodes(route: RouteOptions): ProblemCode[] {
  const all = new Set([...defaultProblemCodes(route), ...(route.config?.problems ?? [])]);
  // Registry order keeps the generated document stable.
  return CODES.filter((c) => all.has(c));
}

function codesByStatus(codes: ProblemCode[]): Map<number, ProblemCode[]> {
  const out = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = PROBLEMS[code].status;
    out.set(status, [...(out.get(status) ?? []), code]);
  }
  return out;
}

function describeCodes(codes: ProblemCode[]): string {
  return codes.map((c) => `\`${c}\` — ${PROBLEMS[c].title} ([docs](${problemType(c)}))`).join('; ');
}

/** `/v1/tasks/:id` → `/v1/tasks/{id}`, as @fastify/swagger names paths. */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

type OpenApiObject = Record<string, unknown> & {
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, { responses?: Record<string, Record<string, unknown>> } & Record<string, unknown>>>;
  components?: Record<string, unknown>;
};

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  // The one `Problem` schema: a second schema with this `$id` (added earlier) makes addSchema throw.
  app.addSchema(problemSchema);
  app.addSchema(taskErrorSchema);

  // Filled by `transform` (once per route, each time the document is built), read by `transformObject`.
  const operationCodes = new Map<string, ProblemCode[]>();
  const operationAuth = new Map<string, AuthMode>();
  const operationQueryFamilies = new Map<string, Record<string, unknown>[]>();

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Offload',
        version: '1',
        description:
          'Self-hostable asynchronous task service. Errors are `application/problem+json` (RFC 9457); ' +
          'each problem type is documented at `/problems/{code}` (index: `/problems`).',
        license: { name: 'MIT', identifier: 'MIT' },
        'x-problem-codes': CODES,
      } as { title: string; version: string },
      // Relative: paths are relative to wherever the document is served (a self-hosted service has
      // no one URL; behind a proxy the host the client sees is not the one the process knows).
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An Offload API key: `Authorization: Bearer <key>`.' },
        },
      },
      security: [{ bearer: [] }],
    },
    // Shared schemas keep their `$id` as their component name (`#/components/schemas/Problem`).
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transform: ({ schema, url, route }) => {
      const base = (schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
      if (base.hide) return { schema: base, url };
      const codes = routeProblemCodes(route);
      const families = queryFamilies(base.querystring);
      for (const method of [route.method].flat()) {
        operationCodes.set(`${method.toLowerCase()} ${openApiPath(url)}`, codes);
        operationAuth.set(`${method.toLowerCase()} ${openApiPath(url)}`, authModeOf(route));
        operationQueryFamilies.set(`${method.toLowerCase()} ${openApiPath(url)}`, families);
      }
      const response: Record<string, unknown> = { ...(base.response ?? {}) };
      for (const [status, group] of codesByStatus(codes)) {
        if (response[status] !== undefined || response[String(status)] !== undefined) continue;
        const headers = problemHeaders(group);
        response[status] = {
          description: `Problem: ${describeCodes(group)}`,
          ...(headers ? { headers } : {}),
          content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${PROBLEM_SCHEMA_ID}#` } } },
        };
      }
      // Unauthenticated routes must say so, or the document's global `security` would claim a key is needed.
      const security = base.security ?? securityOf(authModeOf(route));
      const documented = documentView({ ...base, response }) as FastifySchema;
      return { schema: { ...documented, ...(security ? { security } : {}) }, url };
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: OpenApiObject }).openapiObject;
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        for (const [method, operation] of Object.entries(item)) {
          const codes = operationCodes.get(`${method} ${path}`);
          if (!codes || typeof operation !== 'object' || operation === null) continue;
          // Machine-readable: clients and the bad-input test check an answer's code against these.
          operation['x-problem-codes'] = codes;
          // Which kind of key the route takes (src/api/plugins/auth.ts): `worker` routes refuse tenant keys.
          operation['x-auth'] = operationAuth.get(`${method} ${path}`);
          const families = operationQueryFamilies.get(`${method} ${path}`) ?? [];
          if (families.length > 0) operation.parameters = [...((operation.parameters as unknown[] | undefined) ?? []), ...families];
          liftRequiredHeaders(operation.responses);
          for (const [status, group] of codesByStatus(codes)) {
            const res = operation.responses?.[String(status)];
            if (res) res['x-problem-codes'] = group;
          }
        }
      }
      return doc as never;
    },
  });
}
