import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

// One log line per request (method, route template, status, duration; the request's child logger
// binds `reqId`), and request ids that cross systems: a client's or proxy's X-Request-Id is taken
// when it is safe to log and echo, otherwise one is generated; either way the answer carries it.
// Secrets in these lines (query strings, headers) are the logger's redact rules' business.

const REQUEST_ID_HEADER = 'x-request-id';
/** Bounded and plain: it is written into every log line and echoed in a header. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify options: ids come from `requestId`, never straight from a header. */
export const requestIdOptions = { genReqId: requestId, requestIdHeader: false } as const;

export async function requestLog(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });

  // 5xx at error level: the server's fault (the error handler has logged the cause with its stack).
  app.addHook('onResponse', (req, reply, done) => {
    const line = {
      method: req.method,
      route: req.routeOptions.url ?? null,
      url: req.url,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (reply.statusCode >= 500) req.log.error(line, 'request failed');
    else req.log.info(line, 'request');
    done();
  });
}

// The hooks must see every route of the app, not only this plugin's scope (as fastify-plugin would).
Object.defineProperty(requestLog, Symbol.for('skip-override'), { value: true });
