import type { FastifyInstance } from 'fastify';
import { NO_NUL_PATTERN } from '../../domain/schema-errors.ts';
import { apiKeyView, createApiKey, listApiKeys, revokeApiKey, TENANT_PATTERN } from '../../operations/api-keys.ts';
import type { KeyCache } from '../plugins/auth.ts';

// API keys over HTTP, for admin keys (the CLI does the same against the database). A revocation here
// takes effect at once on this node and within the key cache's time (5 s) on the others.

const keySchema = {
  type: 'object',
  required: ['id', 'tenant', 'name', 'admin', 'createdAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    tenant: { type: 'string' },
    name: { type: ['string', 'null'] },
    admin: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    key: { type: 'string', description: 'The key itself: shown once, when it is created.' },
  },
} as const;

export async function apiKeyRoutes(app: FastifyInstance, deps: { keyCache: KeyCache; now: () => number }): Promise<void> {
  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getCaller',
        summary: 'The key this request is authenticated with: its tenant and role',
        description: 'An admin key acts on every tenant; a tenant key on its own tenant only.',
        tags: ['keys'],
        response: {
          200: {
            description: 'The caller',
            type: 'object',
            required: ['keyId', 'tenant', 'role'],
            properties: { keyId: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string', enum: ['tenant', 'admin', 'worker'] } },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => ({ keyId: req.principal.keyId, tenant: req.principal.tenant, role: req.principal.role }),
  );

  app.post<{ Body: { tenant: string; name?: string | null; admin?: boolean } }>(
    '/v1/keys',
    {
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key (shown once)',
        tags: ['keys'],
        body: {
          type: 'object',
          required: ['tenant'],
          additionalProperties: false,
          properties: {
            tenant: { type: 'string', pattern: TENANT_PATTERN.source },
            name: { type: ['string', 'null'], maxLength: 200, pattern: NO_NUL_PATTERN },
            admin: { type: 'boolean', description: 'An admin key sees and manages every tenant.' },
          },
        },
        response: { 201: { description: 'The key, with its secret', ...keySchema } },
      },
      config: { auth: 'admin' },
    },
    async (req, reply) => {
      const { key, row } = await createApiKey(req.store, { ...req.body, now: deps.now() });
      reply.code(201).header('location', `/v1/keys/${row.id}`);
      return apiKeyView(row, key);
    },
  );

  app.get<{ Querystring: { tenant?: string } }>(
    '/v1/keys',
    {
      schema: {
        operationId: 'listApiKeys',
        summary: 'List API keys (never the keys themselves)',
        tags: ['keys'],
        querystring: { type: 'object', additionalProperties: false, properties: { tenant: { type: 'string', pattern: TENANT_PATTERN.source } } },
        response: { 200: { description: 'Keys', type: 'object', required: ['items'], properties: { items: { type: 'array', items: keySchema } } } },
      },
      config: { auth: 'admin' },
    },
    async (req) => ({ items: (await listApiKeys(req.store, { tenant: req.query.tenant ?? null })).map((k) => apiKeyView(k)) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key (at once on this node, within 5 s on the others)',
        tags: ['keys'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64, pattern: NO_NUL_PATTERN } } },
        response: { 204: { description: 'Revoked', type: 'null' } },
      },
      config: { auth: 'admin', problems: ['not-found'] },
    },
    async (req, reply) => {
      await revokeApiKey(req.store, { id: req.params.id, now: deps.now() });
      deps.keyCache.forget(req.params.id);
      return reply.code(204).send();
    },
  );
}
