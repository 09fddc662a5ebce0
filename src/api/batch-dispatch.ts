import type { FastifyInstance } from 'fastify';
import type { BatchRules } from '../domain/batch-plan.ts';
import type { Dispatch, SubResponse } from '../operations/run-batch.ts';
import type { Principal } from './plugins/auth.ts';
import { DISPATCH_HEADER, type DispatchContexts } from './plugins/request-store.ts';

// How a batch's sub-request reaches its route: `app.inject` on this very app, so it meets the
// route's own parsing, validation, limits, auth mode, rate limit and problem documents, with no
// network hop and no copy of any route's logic. Who it runs as (and, in an atomic group, the
// transaction it runs in) travels as a dispatch token (src/api/plugins/request-store.ts).

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route streams its answer (Server-Sent Events): it cannot be a batch's sub-request. */
    streams?: boolean;
  }
}

/** Headers of a sub-response that say nothing about the resource (connection framing, the id of the inner request). */
const DROPPED = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

export function createInjectDispatch(app: FastifyInstance, contexts: DispatchContexts): (principal: Principal) => Dispatch {
  return (principal) => async (request, tx) => {
    const handle = contexts.open({ principal, store: tx });
    try {
      const res = await app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: { ...request.headers, [DISPATCH_HEADER]: handle.token },
        payload: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined || DROPPED.has(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { status: res.statusCode, headers, body: bodyOf(res.body, headers['content-type']) };
    } finally {
      handle.close();
    }
  };
}

function bodyOf(text: string, type: string | undefined): SubResponse['body'] {
  if (text === '') return null;
  if (type && /[/+]json\b/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Collects the routes declared `streams: true` as they are added; register before the routes. */
export function streamingRoutes(app: FastifyInstance): Pick<BatchRules, 'streams'> {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    if (!(route.config as { streams?: boolean } | undefined)?.streams) return;
    const source = route.url
      .split('/')
      .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    for (const method of [route.method].flat()) routes.push({ method, pattern: new RegExp(`^${source}/?$`) });
  });
  return { streams: (method, path) => routes.some((r) => r.method === method && r.pattern.test(path)) };
}
