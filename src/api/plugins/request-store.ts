import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.ts';
import type { Principal } from './auth.ts';

// Every request carries the store its commands run against: the root store, unless the request runs
// inside a transaction of its caller's (a sub-request of an atomic batch group). Routes hand
// `req.store` to the operations and never hold a store of their own, so the same route works
// directly and inside a transaction — and on SQLite never waits on the connection its own
// transaction holds.
//
// A batch dispatches its sub-requests in process (app.inject, src/api/batch-dispatch.ts), each with
// an internal header carrying a random token registered here for that sub-request's lifetime only:
// the token names who the sub-request runs as (the batch's caller; auth.ts takes it instead of a
// bearer key) and, for an atomic group, the transaction it runs in. Only injected requests are
// looked up, and any other value is ignored: over the network the header means nothing.

export const DISPATCH_HEADER = 'x-offload-dispatch';

export interface DispatchContext {
  principal: Principal;
  /** The atomic group's transaction, or null. */
  store: Store | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    store: Store;
    /** Set for a batch's sub-request. */
    dispatched: DispatchContext | null;
  }
}

/** The live dispatch tokens of one app. */
export interface DispatchContexts {
  open(context: DispatchContext): { token: string; close(): void };
  get(token: string): DispatchContext | undefined;
}

export function createDispatchContexts(): DispatchContexts {
  const live = new Map<string, DispatchContext>();
  return {
    open(context) {
      const token = randomBytes(18).toString('base64url');
      live.set(token, context);
      return { token, close: () => live.delete(token) };
    },
    get: (token) => live.get(token),
  };
}

/** light-my-request marks the requests it makes (app.inject); a socket's never are. */
function injected(req: FastifyRequest): boolean {
  return Object.hasOwn(req.raw, '_lightMyRequest');
}

/** Registered before the auth plugin: key lookups go through `req.store` too. */
export function registerRequestStore(app: FastifyInstance, root: Store, contexts: DispatchContexts): void {
  app.decorateRequest('store', null as unknown as Store);
  app.decorateRequest('dispatched', null);
  app.addHook('onRequest', (req, _reply, done) => {
    const token = req.headers[DISPATCH_HEADER];
    const context = typeof token === 'string' && injected(req) ? (contexts.get(token) ?? null) : null;
    req.dispatched = context;
    req.store = context?.store ?? root;
    done();
  });
}
