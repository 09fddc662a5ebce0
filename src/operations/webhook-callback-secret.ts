import { ProblemError } from '../domain/problems.ts';
import type { Store } from '../store/store.ts';
import type { WebhookCallbackSecretRow } from '../store/webhook-store.ts';
import { newWebhookSecret } from '../webhooks/webhook-signature.ts';
import { DEFAULT_OVERLAP_SECONDS } from './webhook-endpoints.ts';

// A tenant's secret for signing callbackUrl deliveries: created on first rotation, rotated like an
// endpoint's (the previous one keeps signing during the overlap); only its metadata can be read back.

export async function rotateWebhookCallbackSecret(
  store: Store,
  params: { tenant: string; overlapSeconds?: number },
  deps: { now: () => number },
): Promise<{ row: WebhookCallbackSecretRow; secret: string; created: boolean }> {
  const { tenant } = params;
  const at = deps.now();
  const current = await store.webhookCallbackSecretGet({ tenant });
  const overlap = params.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  const secret = newWebhookSecret();
  const row: WebhookCallbackSecretRow = {
    tenant, secret,
    previousSecret: current && overlap > 0 ? current.secret : null,
    previousSecretExpiresAt: current && overlap > 0 ? at + overlap * 1000 : null,
    createdAt: current?.createdAt ?? at, updatedAt: at,
  };
  await store.webhookCallbackSecretPut({ row });
  return { row, secret, created: current === null };
}

export async function getWebhookCallbackSecret(store: Store, params: { tenant: string }): Promise<WebhookCallbackSecretRow> {
  const row = await store.webhookCallbackSecretGet(params);
  if (!row) throw new ProblemError('webhook-callback-secret-not-found', 'No callback signing secret: create one with POST /v1/webhook-callback-secret.');
  return row;
}
