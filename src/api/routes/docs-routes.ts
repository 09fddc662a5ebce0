import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { PROBLEMS, type ProblemCode, ProblemError, problemType } from '../../domain/problems.ts';

// The generated OpenAPI document, a browsable UI for it, and one HTML page per problem type: RFC
// 9457 says a problem's `type` URI should resolve to human-readable documentation, and ours are
// `/problems/{code}`. Public, like the ops routes.

const HTML = 'text/html; charset=utf-8';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The registry's docs use Markdown code spans; render those and escape the rest. */
function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Offload</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style>
</head><body>
${body}
</body></html>
`;
}

export function problemPage(code: ProblemCode): string {
  const spec = PROBLEMS[code];
  return page(
    spec.title,
    `<p><a href="/problems">All problem types</a></p>
<h1>${inlineHtml(spec.title)}</h1>
<dl>
<dt>Type</dt><dd><code>${escapeHtml(problemType(code))}</code></dd>
<dt>Code</dt><dd><code>${escapeHtml(code)}</code></dd>
<dt>HTTP status</dt><dd>${spec.status}</dd>
</dl>
<p>${inlineHtml(spec.doc)}</p>
<p>Sent as <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>,
<code>status</code>, <code>detail</code>, <code>instance</code> and <code>code</code>.</p>`,
  );
}

export function problemIndexPage(): string {
  const rows = (Object.keys(PROBLEMS) as ProblemCode[])
    .map((code) => {
      const spec = PROBLEMS[code];
      return `<tr><td>${spec.status}</td><td><a href="${escapeHtml(problemType(code))}"><code>${escapeHtml(code)}</code></a></td><td>${inlineHtml(spec.title)}</td></tr>`;
    })
    .join('\n');
  return page(
    'Problem types',
    `<h1>Problem types</h1>
<p>Every error answer of the Offload API is <code>application/problem+json</code> with one of these codes.</p>
<table><thead><tr><th>Status</th><th>Code</th><th>Title</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  );
}

const htmlResponse = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

export async function docsRoutes(app: FastifyInstance): Promise<void> {
  // Documentation is public, including the routes @fastify/swagger-ui adds under /docs.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: route.config?.auth ?? 'public' };
  });

  app.get(
    '/openapi.json',
    {
      schema: {
        operationId: 'getOpenApiDocument',
        tags: ['documentation'],
        summary: 'This OpenAPI 3.1 document',
        response: {
          200: {
            description: 'OpenAPI 3.1 document',
            content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
          },
        },
      },
    },
    async () => app.swagger(),
  );

  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/problems',
    {
      schema: {
        operationId: 'listProblemTypes',
        tags: ['documentation'],
        summary: 'Index of problem types',
        response: { 200: htmlResponse('HTML index of every problem code') },
      },
    },
    async (_request, reply) => reply.type(HTML).send(problemIndexPage()),
  );

  app.get<{ Params: { code: string } }>(
    '/problems/:code',
    {
      config: { problems: ['not-found'] },
      schema: {
        operationId: 'getProblemType',
        tags: ['documentation'],
        summary: 'Documentation of one problem type',
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
        response: { 200: htmlResponse('HTML page: title, status and what to do') },
      },
    },
    async (request, reply) => {
      const code = request.params.code;
      if (!Object.hasOwn(PROBLEMS, code)) throw new ProblemError('not-found', 'No such problem type.');
      return reply.type(HTML).send(problemPage(code as ProblemCode));
    },
  );
}
