import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { ProblemError } from '../../domain/problems.ts';
import { PROBLEM_CONTENT_TYPE } from './problem-handler.ts';

// Fastify's `clientErrorHandler` option: errors Node's HTTP parser raises before there is a request
// (malformed framing, headers over the 16 KB limit, a request that never finished its headers).
// Fastify's default answers them as plain JSON; here they leave as problems like every other
// error. No route, hook or auth has run, so the answer says nothing about any tenant. The
// connection is closed: after a framing error nothing more on it can be trusted to parse.

/** Node's error codes (`HPE_*` from llhttp) that are not a plain 400. */
function problemFor(code: string | undefined): ProblemError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ProblemError('request-header-fields-too-large', 'The request line and headers exceed the server’s limit (16 KB).');
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ProblemError('request-timeout', 'The request headers did not arrive in time.');
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return new ProblemError('payload-too-large', 'The chunk extensions exceed the limit.');
  return new ProblemError('malformed-request', `The request is not well-formed HTTP/1.1${code ? ` (${code})` : ''}.`);
}

export function clientErrorHandler(this: { log?: FastifyBaseLogger }, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemFor(err.code);
  this.log?.debug({ code: err.code, statusCode: problem.status }, 'client error');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(problem.toBody());
  const head = [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}
