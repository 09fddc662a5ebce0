import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';

// Real HTTP over loopback for the bad-input sweeps: `inject` would normalise duplicate headers, and
// some requests (broken framing, NUL bytes) node:http refuses to write at all.

export type Headers = [string, string][];
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
export interface Case {
  label: string;
  method: string;
  url: string;
  headers: Headers;
  body?: string | Buffer;
}
/** What a route documents: the problem codes it may answer (empty when unknown). */
export interface DocumentedCodes {
  method: string;
  path: string;
  codes: Set<string>;
}

export function send(port: number, c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Array headers go out verbatim (duplicates included) but without the defaults: add Host.
    const headers = [['host', `127.0.0.1:${port}`], ...c.headers].flat();
    const req = httpRequest({ host: '127.0.0.1', port, method: c.method, path: c.url, headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

/** For requests node:http refuses to write: the bytes go out exactly as given. */
export function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

/**
 * Why an answer is not a proper client-error problem (null when it is): a 4xx
 * `application/problem+json` whose code, type, title and status match the registry and, when the
 * route is given, a code its document lists.
 */
export function problemFailure(answer: Answer, op: DocumentedCodes | null): string | null {
  if (answer.status < 400 || answer.status > 499) return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `content-type ${type}: ${answer.body.slice(0, 200)}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  const code = body.code as ProblemCode;
  if (!Object.hasOwn(PROBLEMS, code)) return `code ${String(code)} is not in the registry`;
  const spec = PROBLEMS[code];
  if (spec.status !== answer.status || body.status !== answer.status) return `${code}: status ${answer.status}/${String(body.status)}, registry ${spec.status}`;
  if (body.type !== `/problems/${code}` || body.title !== spec.title) return `${code}: type/title differ from the registry`;
  // The route's document must list what it answers (route-independent 404/405 aside).
  if (op && op.codes.size > 0 && !op.codes.has(code) && code !== 'not-found' && code !== 'method-not-allowed') {
    return `${code} is not among the problem codes documented for ${op.method} ${op.path}`;
  }
  return null;
}
