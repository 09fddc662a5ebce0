import type { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import { JsonRefusal, parseStrictJson } from '../strict-json.ts';

// The only body parser: `application/json` and `application/*+json`, strict (src/api/strict-json.ts),
// anything else is 415. It reads the body itself instead of letting Fastify collect it first, so a
// request for a route that does not exist is answered 404 (or 405) by the not-found handler without
// reading the body at all: a broken or oversize body must not turn "no such route" into a 400/413.

export interface JsonBodyOptions {
  /** Bytes; a route's own `bodyLimit` wins. */
  bodyLimit: number;
  /** limits.jsonDepth. */
  maxDepth: number;
}

const JSON_SUFFIX = /^application\/[\w.-]+\+json(?:\s*;|$)/;

export function registerJsonBody(app: FastifyInstance, options: JsonBodyOptions): void {
  const parse = (req: FastifyRequest, payload: Readable, done: (err: Error | null, body?: unknown) => void) => {
    if (req.is404) {
      done(null, undefined);
      return;
    }
    const limit = req.routeOptions.bodyLimit ?? options.bodyLimit;
    readBody(req, payload, limit).then((bytes) => {
      if (bytes.length === 0) return done(new ProblemError('malformed-request', 'The body is empty but Content-Type says JSON.'));
      let body: unknown;
      try {
        body = parseStrictJson(bytes, { maxDepth: options.maxDepth });
      } catch (err) {
        return done(toProblem(err));
      }
      done(null, body);
    }, done);
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', parse);
  app.addContentTypeParser(JSON_SUFFIX, parse);
}

function toProblem(err: unknown): ProblemError {
  if (err instanceof JsonRefusal) {
    return new ProblemError('malformed-request', err.detail, {
      extensions: { position: err.position, ...(err.pointer !== null ? { errors: [{ pointer: err.pointer, detail: err.detail }] } : {}) },
    });
  }
  return new ProblemError('malformed-request', 'The body is not valid JSON.');
}

/** The body's bytes, at most `limit`, as Fastify's own reader checks them (size, Content-Length). */
function readBody(req: FastifyRequest, payload: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit) {
        cleanup();
        reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      if (!Number.isNaN(declared) && received !== declared) {
        reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (err: Error & { statusCode?: number }) => {
      cleanup();
      if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
      reject(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}
