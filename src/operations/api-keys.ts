import { apiKeyHash } from '../domain/api-key-hash.ts';
import { newId, newSecret } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { WorkerKeyScope } from '../store/api-key-store.ts';
import type { ApiKeyRow, Store } from '../store/store.ts';

// API keys: created with their secret shown once (only its sha256 is stored), listed, revoked. The
// CLI (`offload keys …`, against the database) and the admin routes (`/v1/keys`) use these commands.

export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function createApiKey(
  store: Store,
  params: { tenant: string; name?: string | null; admin?: boolean; worker?: WorkerKeyScope; now?: number },
): Promise<{ key: string; row: ApiKeyRow }> {
  const key = newSecret('ok');
  const row: ApiKeyRow = {
    id: newId('key'),
    tenant: params.tenant,
    name: params.name ?? null,
    admin: params.admin === true,
    createdAt: params.now ?? Date.now(),
    revokedAt: null,
    lastUsedAt: null,
    ...(params.worker ? { worker: params.worker } : {}),
  };
  await store.apiKeyCreate({ key: row, hash: apiKeyHash(key) });
  return { key, row };
}

/** Every key of `tenant`, or of every tenant for `null`. */
export function listApiKeys(store: Store, params: { tenant: string | null }): Promise<ApiKeyRow[]> {
  return store.apiKeyList(params);
}

/** Revokes a live key; an unknown or already revoked one is 404 (nothing to revoke). */
export async function revokeApiKey(store: Store, params: { id: string; now?: number }): Promise<void> {
  if (!(await store.apiKeyRevoke({ id: params.id, now: params.now ?? Date.now() }))) {
    throw new ProblemError('not-found', `No live API key ${params.id}.`);
  }
}

/** A key as the API and the CLI show it: never its hash; the secret only when just created. */
export function apiKeyView(k: ApiKeyRow, key?: string) {
  return {
    id: k.id,
    tenant: k.tenant,
    name: k.name,
    admin: k.admin,
    ...(k.worker ? { worker: k.worker } : {}),
    createdAt: new Date(k.createdAt).toISOString(),
    revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
    ...(key ? { key } : {}),
  };
}
