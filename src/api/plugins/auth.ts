import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import type { ApiKeyRow, Store } from '../../store/store.ts';
import { apiKeyHash } from '../../domain/api-key-hash.ts';
import type { WorkerKeyScope } from '../../store/api-key-store.ts';
import { headerCount } from '../request-headers.ts';

// Who may call a route is declared by the route itself (`config: { auth: … }`) and read here from
// the route that matched — never from the raw URL, which may be in absolute form
// (`GET http://host/v1/…`) or otherwise differ from the path the router matched. The OpenAPI
// generator reads the same declaration (src/api/openapi.ts), so the document and the check cannot
// disagree. A route that declares nothing needs a tenant key: a forgotten declaration fails closed.
//
// Modes:
// - `public`: no key (health, metrics, docs; later signed downloads);
// - `tenant`: any valid key; reads and writes are scoped to its tenant (admin keys see all tenants);
// - `admin`: an admin key;
// - `worker`: a worker key (claim and report for its task types), or an admin key.
//
// Looked-up keys are cached in-process for `cacheTtlMs` to spare the store a read per request. A
// revocation through this process's API (`DELETE /v1/keys/{id}`) drops the key from its cache at once;
// one made elsewhere (another node, the CLI) takes effect within that time on each API process.

export type AuthMode = 'public' | 'tenant' | 'admin' | 'worker';

export type PrincipalRole = 'tenant' | 'admin' | 'worker';

export interface Principal {
  keyId: string;
  tenant: string;
  role: PrincipalRole;
  /** role === 'admin'. */
  admin: boolean;
  /** Worker keys only: the task types it serves, and whether it serves every tenant. */
  worker?: WorkerKeyScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; see src/api/plugins/auth.ts. Default `tenant`. */
    auth?: AuthMode;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export const AUTH_CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;

export interface AuthOptions {
  now: () => number;
  cacheTtlMs?: number;
}

/** The mode of the route a request matched. Unmatched requests (404/405) need no key: they reveal no data. */
export function routeAuthMode(req: FastifyRequest): AuthMode {
  if (req.is404) return 'public';
  return req.routeOptions.config.auth ?? 'tenant';
}

export interface KeyCache {
  /** Drops a key from this process's cache: its revocation takes effect here at once. */
  forget(keyId: string): void;
}

/** Requires `req.store` (src/api/plugins/request-store.ts) to be set by an earlier onRequest hook. */
export function registerAuth(app: FastifyInstance, options: AuthOptions): KeyCache {
  const ttl = options.cacheTtlMs ?? AUTH_CACHE_TTL_MS;
  const cache = new Map<string, { key: ApiKeyRow; at: number }>();

  async function lookup(store: Store, hash: string): Promise<ApiKeyRow | null> {
    const now = options.now();
    const hit = cache.get(hash);
    if (hit && now - hit.at < ttl) return hit.key;
    const key = await store.apiKeyByHash({ hash });
    if (key === null) {
      cache.delete(hash);
      return null;
    }
    if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(hash, { key, at: now });
    return key;
  }

  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const mode = routeAuthMode(req);
    if (mode === 'public') return;
    // A batch's sub-request runs as the batch's caller (src/api/plugins/request-store.ts).
    const principal = req.dispatched?.principal ?? (await authenticate(req, (hash) => lookup(req.store, hash)));
    if (!allowed(mode, principal.role)) {
      throw new ProblemError('forbidden', forbiddenDetail(mode));
    }
    req.principal = principal;
  });

  return {
    forget(keyId) {
      for (const [hash, entry] of cache) if (entry.key.id === keyId) cache.delete(hash);
    },
  };
}

function allowed(mode: Exclude<AuthMode, 'public'>, role: PrincipalRole): boolean {
  switch (mode) {
    case 'tenant':
      return role === 'tenant' || role === 'admin';
    case 'admin':
      return role === 'admin';
    case 'worker':
      return role === 'worker' || role === 'admin';
  }
}

function forbiddenDetail(mode: Exclude<AuthMode, 'public'>): string {
  if (mode === 'admin') return 'This route needs an admin key.';
  if (mode === 'worker') return 'This route needs a worker key.';
  return 'A worker key may only claim and report tasks.';
}

async function authenticate(req: FastifyRequest, lookup: (hash: string) => Promise<ApiKeyRow | null>): Promise<Principal> {
  const count = headerCount(req, 'authorization');
  if (count > 1) throw new ProblemError('invalid-header', 'Send exactly one Authorization header.');
  const challenge = { headers: { 'www-authenticate': 'Bearer' } };
  const header = req.headers.authorization;
  if (!header) throw new ProblemError('unauthorized', 'Send Authorization: Bearer <api key>.', challenge);
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  if (!match) throw new ProblemError('unauthorized', 'The Authorization header must be "Bearer <api key>".', challenge);
  const key = await lookup(apiKeyHash(match[1]!));
  if (key === null || key.revokedAt !== null) {
    throw new ProblemError('unauthorized', 'The API key is unknown or revoked.', challenge);
  }
  const role: PrincipalRole = key.admin ? 'admin' : key.worker ? 'worker' : 'tenant';
  return { keyId: key.id, tenant: key.tenant, role, admin: role === 'admin', ...(key.worker && !key.admin ? { worker: key.worker } : {}) };
}

/** Store scope for reads and changes: admin keys act on every tenant. */
export function tenantScope(principal: Principal): string | null {
  return principal.admin ? null : principal.tenant;
}
