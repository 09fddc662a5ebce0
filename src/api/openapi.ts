import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { PROBLEMS, type ProblemCode, problemType } from '../domain/problems.ts';
import { TASK_ERROR_CODES } from '../engine/task-errors.ts';
import type { AuthMode } from './plugins/auth.ts';

// The OpenAPI 3.1 document is generated from the routes' schemas by @fastify/swagger. This module
// adds what routes should not each repeat: the shared `Problem` schema, and on every operation the
// problem responses it can return. Routes declare their own extra codes with `config.problems`;
// the codes every route of a kind can return (auth, body parsing, validation) are added here, so
// the document, the registry and `/problems/{code}` cannot drift apart.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Problem codes this route can return beyond the ones every route of its kind returns. */
    problems?: readonly ProblemCode[];
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

/** The problems a route can return because of what it is, before its own `config.problems`. */
export function defaultProblemCodes(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): ProblemCode[] {
  const codes = new Set<ProblemCode>();
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

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Offload',
        version: '1',
        description:
          'Self-hostable asynchronous task service. Errors are `application/problem+json` (RFC 9457); ' +
          'each problem type is documented at `/problems/{code}` (index: `/problems`).',
        'x-problem-codes': CODES,
      } as { title: string; version: string },
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
      for (const method of [route.method].flat()) {
        operationCodes.set(`${method.toLowerCase()} ${openApiPath(url)}`, codes);
        operationAuth.set(`${method.toLowerCase()} ${openApiPath(url)}`, authModeOf(route));
      }
      const response: Record<string, unknown> = { ...(base.response ?? {}) };
      for (const [status, group] of codesByStatus(codes)) {
        if (response[status] !== undefined || response[String(status)] !== undefined) continue;
        response[status] = {
          description: `Problem: ${describeCodes(group)}`,
          content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${PROBLEM_SCHEMA_ID}#` } } },
        };
      }
      // Unauthenticated routes must say so, or the document's global `security` would claim a key is needed.
      const security = base.security ?? securityOf(authModeOf(route));
      return { schema: { ...base, response, ...(security ? { security } : {}) }, url };
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
