import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/defaults.ts';
import { NO_NUL_PATTERN } from '../../domain/schema-errors.ts';
import { getWebhookCallbackSecret, rotateWebhookCallbackSecret } from '../../operations/webhook-callback-secret.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from '../../operations/webhook-endpoints.ts';
import type { WebhookAttemptRow, WebhookCallbackSecretRow, WebhookDeliveryRow, WebhookEndpointRow } from '../../store/webhook-store.ts';

// Per-tenant webhook endpoints (the commands: src/operations/webhook-endpoints.ts): the secret is
// shown once, at creation and at rotation. Per-task callbackUrl deliveries are signed with the
// tenant's callback secret (`/v1/webhook-callback-secret`), created and rotated the same way, once
// the tenant has one.

// task.progress is opt-in: an endpoint without a filter gets every type but it.
const EVENT_TYPES = ['task.started', 'task.progress', 'task.succeeded', 'task.failed', 'task.canceled', 'batch.completed'];

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const eventTypes = { type: ['array', 'null'], items: { type: 'string', enum: EVENT_TYPES }, uniqueItems: true, maxItems: 16 } as const;
const endpointSchema = {
  type: 'object',
  required: ['id', 'url', 'eventTypes', 'createdAt', 'updatedAt', 'disabled'],
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    description: { type: ['string', 'null'] },
    eventTypes: { type: ['array', 'null'], items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    disabled: { type: 'boolean' },
    disabledAt: { type: ['string', 'null'], format: 'date-time' },
    disabledReason: { type: ['string', 'null'] },
    secretRotationEndsAt: { type: ['string', 'null'], format: 'date-time' },
    secret: { type: 'string', description: 'Shown only when created or rotated.' },
  },
} as const;
const deliverySchema = {
  type: 'object',
  required: ['id', 'messageId', 'eventType', 'taskId', 'status', 'attempts', 'nextAttemptAt', 'createdAt', 'deliveredAt', 'attemptLog'],
  properties: {
    id: { type: 'string' },
    messageId: { type: 'string' },
    eventType: { type: 'string' },
    taskId: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
    attemptLog: {
      type: 'array',
      items: {
        type: 'object',
        required: ['attemptedAt', 'statusCode', 'latencyMs', 'error'],
        properties: {
          attemptedAt: { type: 'string', format: 'date-time' },
          statusCode: { type: ['integer', 'null'] },
          latencyMs: { type: 'integer' },
          error: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

const callbackSecretSchema = {
  type: 'object',
  required: ['createdAt', 'updatedAt', 'secretRotationEndsAt'],
  properties: {
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    secretRotationEndsAt: { type: ['string', 'null'], format: 'date-time', description: 'Until then the previous secret signs too.' },
    secret: { type: 'string', description: 'Shown only when created or rotated.' },
  },
} as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function endpointBody(e: WebhookEndpointRow, now: number, secret?: string): Record<string, unknown> {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    disabled: e.disabledAt !== null,
    disabledAt: iso(e.disabledAt),
    disabledReason: e.disabledReason,
    secretRotationEndsAt: e.previousSecret && (e.previousSecretExpiresAt ?? 0) > now ? iso(e.previousSecretExpiresAt) : null,
    ...(secret ? { secret } : {}),
  };
}

function callbackSecretBody(s: WebhookCallbackSecretRow, now: number, secret?: string): Record<string, unknown> {
  return {
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    secretRotationEndsAt: s.previousSecret && (s.previousSecretExpiresAt ?? 0) > now ? iso(s.previousSecretExpiresAt) : null,
    ...(secret ? { secret } : {}),
  };
}

function deliveryBody(d: WebhookDeliveryRow & { attemptLog?: WebhookAttemptRow[] }): Record<string, unknown> {
  return {
    id: d.id,
    messageId: d.messageId,
    eventType: d.eventType,
    taskId: d.taskId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: iso(d.createdAt),
    deliveredAt: iso(d.deliveredAt),
    attemptLog: (d.attemptLog ?? []).map((a) => ({ ...a, attemptedAt: iso(a.attemptedAt) })),
  };
}

export async function webhookEndpointRoutes(app: FastifyInstance, options: { config: Readonly<Config>; now?: () => number }): Promise<void> {
  const now = options.now ?? Date.now;
  const deps = { config: options.config, now };

  const problems = { auth: 'tenant', problems: ['webhook-endpoint-not-found'] } as const;

  app.post<{ Body: { url: string; eventTypes?: string[] | null; description?: string | null } }>(
    '/v1/webhook-endpoints',
    {
      schema: {
        operationId: 'createWebhookEndpoint',
        summary: 'Register a webhook endpoint (the signing secret is shown once)',
        description:
          'Without `eventTypes` the endpoint gets every event type except `task.progress`, which is opt-in: list it explicitly. Progress events are throttled to at most one per task per `webhooks.progressIntervalSeconds` (default 5), carrying the latest progress, and go to endpoints only, never to a task’s callbackUrl.',
        tags: ['webhooks'],
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: { url: { type: 'string', maxLength: 2048, pattern: NO_NUL_PATTERN }, eventTypes, description: { type: ['string', 'null'], maxLength: 500, pattern: NO_NUL_PATTERN } },
        },
        response: {
          201: {
            description: 'The endpoint, with its secret',
            headers: { Location: { type: 'string', description: 'The endpoint, `/v1/webhook-endpoints/{id}`.', required: true } },
            ...endpointSchema,
          },
        },
      },
      config: { auth: 'tenant', problems: ['webhook-url-refused'] },
    },
    async (req, reply) => {
      const endpoint = await createWebhookEndpoint(req.store, { tenant: req.principal.tenant, ...req.body }, deps);
      reply.code(201).header('location', `/v1/webhook-endpoints/${endpoint.id}`);
      return endpointBody(endpoint, endpoint.createdAt, endpoint.secret);
    },
  );

  app.get('/v1/webhook-endpoints', {
    schema: {
      operationId: 'listWebhookEndpoints',
      summary: 'List webhook endpoints',
      tags: ['webhooks'],
      response: { 200: { description: 'Endpoints, oldest first', type: 'object', required: ['items'], properties: { items: { type: 'array', items: endpointSchema } } } },
    },
    config: { auth: 'tenant' },
  }, async (req) => ({ items: (await listWebhookEndpoints(req.store, { tenant: req.principal.tenant })).map((e) => endpointBody(e, now())) }));

  app.get<{ Params: { id: string } }>('/v1/webhook-endpoints/:id', {
    schema: { operationId: 'getWebhookEndpoint', summary: 'Get a webhook endpoint', tags: ['webhooks'], params: idParams, response: { 200: { description: 'The endpoint', ...endpointSchema } } },
    config: problems,
  }, async (req) => endpointBody(await getWebhookEndpoint(req.store, { tenant: req.principal.tenant, id: req.params.id }), now()));

  app.patch<{ Params: { id: string }; Body: { url?: string; eventTypes?: string[] | null; description?: string | null; disabled?: boolean } }>(
    '/v1/webhook-endpoints/:id',
    {
      schema: {
        operationId: 'updateWebhookEndpoint',
        summary: 'Change a webhook endpoint (url, filter, description; `disabled: false` re-enables it)',
        tags: ['webhooks'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { url: { type: 'string', maxLength: 2048, pattern: NO_NUL_PATTERN }, eventTypes, description: { type: ['string', 'null'], maxLength: 500, pattern: NO_NUL_PATTERN }, disabled: { type: 'boolean' } },
        },
        response: { 200: { description: 'The endpoint', ...endpointSchema } },
      },
      config: { auth: 'tenant', problems: ['webhook-endpoint-not-found', 'webhook-url-refused'] },
    },
    async (req) => {
      const updated = await updateWebhookEndpoint(req.store, { tenant: req.principal.tenant, id: req.params.id, changes: req.body }, deps);
      return endpointBody(updated, updated.updatedAt);
    },
  );

  app.delete<{ Params: { id: string } }>('/v1/webhook-endpoints/:id', {
    schema: { operationId: 'deleteWebhookEndpoint', summary: 'Delete a webhook endpoint', tags: ['webhooks'], params: idParams, response: { 204: { description: 'Deleted', type: 'null' } } },
    config: problems,
  }, async (req, reply) => {
    await deleteWebhookEndpoint(req.store, { tenant: req.principal.tenant, id: req.params.id });
    reply.code(204);
  });

  app.post<{ Params: { id: string }; Body: { overlapSeconds?: number } | undefined }>('/v1/webhook-endpoints/:id/rotate-secret', {
    schema: {
      operationId: 'rotateWebhookEndpointSecret',
      summary: 'Rotate the signing secret (the old one keeps signing for `overlapSeconds`, default 24 h)',
      tags: ['webhooks'],
      params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 604_800 } } },
      response: { 200: { description: 'The endpoint, with its new secret', ...endpointSchema } },
    },
    config: problems,
  }, async (req) => {
    const params = { tenant: req.principal.tenant, id: req.params.id, overlapSeconds: req.body?.overlapSeconds };
    const { endpoint, secret } = await rotateWebhookEndpointSecret(req.store, params, deps);
    return endpointBody(endpoint, endpoint.updatedAt, secret);
  });

  app.get<{ Params: { id: string } }>('/v1/webhook-endpoints/:id/deliveries', {
    schema: {
      operationId: 'listWebhookDeliveries',
      summary: 'Deliveries of an endpoint, newest first, each with every attempt',
      tags: ['webhooks'],
      params: idParams,
      response: { 200: { description: 'Deliveries', type: 'object', required: ['items'], properties: { items: { type: 'array', items: deliverySchema } } } },
    },
    config: problems,
  }, async (req) => {
    const list = await listWebhookDeliveries(req.store, { tenant: req.principal.tenant, id: req.params.id }, deps);
    return { items: list.map(deliveryBody) };
  });

  app.post<{ Params: { id: string; deliveryId: string } }>('/v1/webhook-endpoints/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      operationId: 'redeliverWebhook',
      summary: 'Send a delivery again (same webhook-id and body), now',
      tags: ['webhooks'],
      params: { type: 'object', required: ['id', 'deliveryId'], properties: { id: { type: 'string', maxLength: 64 }, deliveryId: { type: 'string', maxLength: 64 } } },
      response: { 202: { description: 'Queued for delivery', ...deliverySchema } },
    },
    config: problems,
  }, async (req, reply) => {
    const d = await redeliverWebhook(req.store, { tenant: req.principal.tenant, id: req.params.id, deliveryId: req.params.deliveryId }, deps);
    reply.code(202);
    return deliveryBody(d);
  });

  app.post<{ Body: { overlapSeconds?: number } | undefined }>('/v1/webhook-callback-secret', {
    schema: {
      operationId: 'rotateWebhookCallbackSecret',
      summary: 'Create or rotate the secret that signs callbackUrl deliveries (shown once)',
      description:
        'Per tenant. Without one, callbackUrl deliveries are unsigned. On rotation the previous secret keeps signing (a second `webhook-signature` entry) for `overlapSeconds`, default 24 h.',
      tags: ['webhooks'],
      body: { type: 'object', additionalProperties: false, properties: { overlapSeconds: { type: 'integer', minimum: 0, maximum: 604_800 } } },
      response: {
        200: { description: 'Rotated, with the new secret', ...callbackSecretSchema },
        201: { description: 'Created, with the secret', ...callbackSecretSchema },
      },
    },
    config: { auth: 'tenant' },
  }, async (req, reply) => {
    const params = { tenant: req.principal.tenant, overlapSeconds: req.body?.overlapSeconds };
    const { row, secret, created } = await rotateWebhookCallbackSecret(req.store, params, deps);
    reply.code(created ? 201 : 200);
    return callbackSecretBody(row, row.updatedAt, secret);
  });

  app.get('/v1/webhook-callback-secret', {
    schema: {
      operationId: 'getWebhookCallbackSecret',
      summary: 'The callback signing secret’s metadata (never the secret)',
      tags: ['webhooks'],
      response: { 200: { description: 'The secret’s metadata', ...callbackSecretSchema } },
    },
    config: { auth: 'tenant', problems: ['webhook-callback-secret-not-found'] },
  }, async (req) => callbackSecretBody(await getWebhookCallbackSecret(req.store, { tenant: req.principal.tenant }), now()));
}
