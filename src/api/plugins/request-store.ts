import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.ts';

// Every request carries the store its commands run against: the root store, unless the request runs
// inside a transaction of its caller's (a sub-request of an atomic batch group). Routes hand
// `req.store` to the operations and never hold a store of their own, so the same route works
// directly and inside a transaction — and on SQLite never waits on the connection its own
// transaction holds.

declare module 'fastify' {
  interface FastifyRequest {
    store: Store;
  }
}

/** Registered before the auth plugin: key lookups go through `req.store` too. */
export function registerRequestStore(app: FastifyInstance, root: Store): void {
  app.decorateRequest('store', null as unknown as Store);
  app.addHook('onRequest', (req, _reply, done) => {
    req.store = root;
    done();
  });
}
