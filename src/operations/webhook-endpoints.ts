import type { Config } from '../config/defaults.ts';
import { isWellFormedId, newId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { Store } from '../store/store.ts';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../store/webhook-store.ts';
import { checkUrl } from '../webhooks/outbound-policy.ts';
import { newWebhookSecret } from '../webhooks/webhook-signature.ts';

// The commands on a tenant's webhook endpoints: register (the secret is shown once), list, read,
// change, delete, rotate the secret (the previous one keeps signing until the overlap ends), list
// deliveries, redeliver. One module for the resource: each command is a few lines over the store.
// URLs are checked at registration as far as that is knowable without DNS (scheme, credentials,
// literal non-public addresses) and again, after resolution, at every delivery.

export const DEFAULT_OVERLAP_SECONDS = 86_400;

export interface EndpointDeps {
  config: Pick<Config, 'webhooks' | 'limits'>;
  now: () => number;
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: string[] | null;
  description?: string | null;
  disabled?: boolean;
}

export async function createWebhookEndpoint(
  store: Store,
  params: { tenant: string; url: string; eventTypes?: string[] | null; description?: string | null },
  deps: EndpointDeps,
): Promise<WebhookEndpointRow> {
  refuseUrl(params.url, deps);
  const at = deps.now();
  const endpoint: WebhookEndpointRow = {
    id: newId('whe'), tenant: params.tenant, url: params.url, description: params.description ?? null,
    eventTypes: params.eventTypes ?? null, secret: newWebhookSecret(), previousSecret: null, previousSecretExpiresAt: null,
    createdAt: at, updatedAt: at, disabledAt: null, disabledReason: null,
  };
  await store.webhookEndpointCreate({ endpoint });
  return endpoint;
}

export function listWebhookEndpoints(store: Store, params: { tenant: string }): Promise<WebhookEndpointRow[]> {
  return store.webhookEndpointList({ tenant: params.tenant });
}

export async function getWebhookEndpoint(store: Store, params: { tenant: string; id: string }): Promise<WebhookEndpointRow> {
  assertEndpointId(params.id);
  const e = await store.webhookEndpointGet(params);
  if (!e) throw endpointNotFound(params.id);
  return e;
}

export async function updateWebhookEndpoint(
  store: Store,
  params: { tenant: string; id: string; changes: EndpointChanges },
  deps: EndpointDeps,
): Promise<WebhookEndpointRow> {
  assertEndpointId(params.id);
  const { url, eventTypes, description, disabled } = params.changes;
  if (url !== undefined) refuseUrl(url, deps);
  const at = deps.now();
  const patch = {
    ...(url !== undefined ? { url } : {}),
    ...(eventTypes !== undefined ? { eventTypes } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(disabled === false ? { disabledAt: null, disabledReason: null } : {}),
    ...(disabled === true ? { disabledAt: at, disabledReason: 'disabled by the API' } : {}),
  };
  const updated = await store.webhookEndpointUpdate({ tenant: params.tenant, id: params.id, patch, now: at });
  if (!updated) throw endpointNotFound(params.id);
  return updated;
}

export async function deleteWebhookEndpoint(store: Store, params: { tenant: string; id: string }): Promise<void> {
  assertEndpointId(params.id);
  if (!(await store.webhookEndpointDelete(params))) throw endpointNotFound(params.id);
}

export async function rotateWebhookEndpointSecret(
  store: Store,
  params: { tenant: string; id: string; overlapSeconds?: number },
  deps: EndpointDeps,
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const current = await getWebhookEndpoint(store, params);
  const at = deps.now();
  const overlap = params.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  const secret = newWebhookSecret();
  const updated = await store.webhookEndpointUpdate({
    tenant: params.tenant, id: current.id, now: at,
    patch: { secret, previousSecret: overlap > 0 ? current.secret : null, previousSecretExpiresAt: overlap > 0 ? at + overlap * 1000 : null },
  });
  if (!updated) throw endpointNotFound(params.id);
  return { endpoint: updated, secret };
}

export async function listWebhookDeliveries(
  store: Store,
  params: { tenant: string; id: string },
  deps: EndpointDeps,
): Promise<(WebhookDeliveryRow & { attemptLog: WebhookAttemptRow[] })[]> {
  const endpoint = await getWebhookEndpoint(store, params);
  return store.webhookDeliveryList({ tenant: endpoint.tenant, endpointId: endpoint.id, limit: deps.config.limits.pageSizeMax });
}

export async function redeliverWebhook(
  store: Store,
  params: { tenant: string; id: string; deliveryId: string },
  deps: EndpointDeps,
): Promise<WebhookDeliveryRow> {
  assertEndpointId(params.id);
  if (!isWellFormedId(params.deliveryId, 'whd')) throw new ProblemError('webhook-endpoint-not-found', 'No delivery with this id.');
  const d = await store.webhookDeliveryRedeliver({ tenant: params.tenant, endpointId: params.id, id: params.deliveryId, now: deps.now() });
  if (!d) throw new ProblemError('webhook-endpoint-not-found', `No delivery ${params.deliveryId} of webhook endpoint ${params.id}.`);
  return d;
}

/**
 * An id that cannot be one of ours is the 404 of any unknown id, decided before the store sees it
 * (PostgreSQL rejects text with NUL bytes with an error, which must never become a 500).
 */
function assertEndpointId(id: string): void {
  if (!isWellFormedId(id, 'whe')) throw new ProblemError('webhook-endpoint-not-found', 'No webhook endpoint with this id.');
}

function endpointNotFound(id: string): ProblemError {
  return new ProblemError('webhook-endpoint-not-found', `No webhook endpoint ${id}.`);
}

function refuseUrl(url: string, deps: EndpointDeps): void {
  const verdict = checkUrl(url, { allow: deps.config.webhooks.allow, allowHttp: deps.config.webhooks.allowHttp });
  if (!verdict.ok) {
    throw new ProblemError('webhook-url-refused', `The URL is refused: ${verdict.reason}.`, {
      extensions: { errors: [{ pointer: '/url', detail: verdict.reason }] },
    });
  }
}
