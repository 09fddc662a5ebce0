import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import type { ApiKeyRow, Store } from '../../store/store.ts';
import { apiKeyHash } from '../api-key-hash.ts';
import { headerCount } from '../request-headers.ts';

// Bearer API keys on every /v1 route; ops and docs routes stay public.
// Looked-up keys are cached in-process for CACHE_TTL_MS to spare the store a read per request:
// a revocation therefore takes effect within that many milliseconds on each API process.

export interface Principal {
  keyId: string;
  tenant: string;
  admin: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export const AUTH_CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;

export interface AuthOptions {
  store: Store;
  now: () => number;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const cache = new Map<string, { key: ApiKeyRow; at: number }>();

  async function lookup(hash: string): Promise<ApiKeyRow | null> {
    const now = options.now();
    const hit = cache.get(hash);
    if (hit && now - hit.at < AUTH_CACHE_TTL_MS) return hit.key;
    const key = await options.store.apiKeyByHash({ hash });
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
    if (!req.url.startsWith('/v1/') && req.url !== '/v1') return;
    req.principal = await authenticate(req, lookup);
  });
}

async function authenticate(req: FastifyRequest, lookup: (hash: string) => Promise<ApiKeyRow | null>) {
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
  return { keyId: key.id, tenant: key.tenant, admin: key.admin };
}

/** Store scope for reads and changes: admin keys act on every tenant. */
export function tenantScope(principal: Principal): string | null {
  return principal.admin ? null : principal.tenant;
}
