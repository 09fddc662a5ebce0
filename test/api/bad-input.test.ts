import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';
import { loadSigningKeys, signDownload } from '../../src/files/download-token.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { backend, backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';

// The bad-input sweep (an acceptance criterion): every route, enumerated from the OpenAPI document
// so new routes are covered automatically, gets malformed and hostile requests. Each answer must be
// a 4xx `application/problem+json` whose type/title/status match the registry, never a 5xx, and
// nothing may be stored. Real HTTP over loopback: `inject` would normalise duplicate headers.

type Headers = [string, string][];
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
interface Operation {
  method: string;
  path: string;
  secured: boolean;
  hasBody: boolean;
  query: Set<string>;
  codes: Set<string>;
}
interface Case {
  label: string;
  method: string;
  url: string;
  headers: Headers;
  body?: string | Buffer;
}

const config = DEFAULTS;
let db: TempStore;
let app: FastifyInstance;
let port: number;
let apiKey: string;
let operations: Operation[];

function listOperations(docText: string): Operation[] {
  const doc = JSON.parse(docText) as {
    paths?: Record<string, Record<string, Record<string, unknown>>>;
  };
  assert.ok(doc.paths && typeof doc.paths === 'object', 'the OpenAPI document has no `paths`');
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters as { in: string; name: string }[] | undefined) ?? [];
      const security = op.security as unknown[] | undefined;
      out.push({
        method: method.toUpperCase(),
        path,
        secured: !(Array.isArray(security) && security.length === 0),
        hasBody: op.requestBody !== undefined,
        query: new Set(params.filter((p) => p.in === 'query').map((p) => p.name)),
        codes: new Set((op['x-problem-codes'] as string[] | undefined) ?? []),
      });
    }
  }
  return out;
}

function send(c: Case): Promise<Answer> {
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
function sendRaw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const auth = (): Headers => [['authorization', `Bearer ${apiKey}`]];
const json = (): Headers => [...auth(), ['content-type', 'application/json']];

const GOOD_ID = `tsk_${'0'.repeat(26)}`;
const BAD_IDS = ['not-an-id', GOOD_ID, 'tsk_%00', `tsk_${'a'.repeat(26)}%00`, `tsk_${'x'.repeat(5000)}`, '%E0%A4%A', '..%2F..%2Fetc'];

/** A valid submission, so that a case breaks exactly one thing. */
const task = (over: Record<string, unknown> = {}) => ({ type: 'sleep', input: { seconds: 0 }, ...over });
const wrapFor = (op: Operation, body: unknown): unknown => (op.path.endsWith('/bulk') ? { tasks: [body], atomic: true } : body);
const isSubmit = (op: Operation) => op.hasBody && (op.method === 'POST' || op.method === 'PUT') && /\/v1\/tasks/.test(op.path);

function urlFor(op: Operation, id = GOOD_ID, query = ''): string {
  return op.path.replace(/\{[^}]+\}/g, id) + query;
}

function casesFor(op: Operation): Case[] {
  const c = (label: string, rest: Omit<Case, 'label' | 'method'> & { method?: string }): Case => ({
    label: `${op.method} ${op.path}: ${label}`,
    method: op.method,
    ...rest,
  });
  const url = urlFor(op);
  const validBody = JSON.stringify(wrapFor(op, task()));
  const out: Case[] = [];

  if (op.secured) {
    out.push(c('no Authorization', { url, headers: [['content-type', 'application/json']], body: op.hasBody ? validBody : undefined }));
    for (const value of ['Bearer', 'Bearer garbage', 'Basic dXNlcjpwYXNz', 'bearer  ', `Bearer ${'k'.repeat(5000)}`]) {
      out.push(c(`Authorization "${value.slice(0, 20)}"`, { url, headers: [['authorization', value]] }));
    }
    out.push(c('two Authorization headers', { url, headers: [...auth(), ...auth()] }));
  }

  if (/\{[^}]+\}/.test(op.path)) {
    for (const id of BAD_IDS) {
      out.push(c(`bad id ${id.slice(0, 30)}`, { url: urlFor(op, id), headers: op.hasBody ? json() : auth(), body: op.hasBody ? validBody : undefined }));
    }
  }

  if (op.hasBody) {
    const bodies: [string, string | Buffer][] = [
      ['malformed JSON', '{"type": "sleep", "input": {'],
      ['trailing garbage', '{"type":"sleep","input":{"seconds":0}} x'],
      ['empty body', ''],
      ['JSON array', '[]'],
      ['JSON string', '"sleep"'],
      ['JSON null', 'null'],
      ['wrong types', JSON.stringify(wrapFor(op, { type: 42, input: 'x', priority: 'high', metadata: [1] }))],
      ['oversize body', Buffer.alloc(config.limits.bodyBytes + 1024, 'a')],
    ];
    for (const [label, body] of bodies) out.push(c(label, { url, headers: json(), body }));
    out.push(c('wrong Content-Type', { url, headers: [...auth(), ['content-type', 'text/plain']], body: validBody }));
    out.push(c('form Content-Type', { url, headers: [...auth(), ['content-type', 'application/x-www-form-urlencoded']], body: 'type=sleep' }));
    out.push(c('no Content-Type', { url, headers: auth(), body: validBody }));
  }

  if (isSubmit(op)) {
    const submit = (label: string, body: unknown, headers: Headers = json()) =>
      out.push(c(label, { url, headers, body: JSON.stringify(wrapFor(op, body)) }));
    submit('unknown task type', task({ type: 'no-such-type' }));
    submit('input failing the schema', task({ input: { seconds: 'soon' } }));
    submit('input with an unknown field', task({ input: { seconds: 0, extra: true } }));
    submit('input over limits.inputBytes', task({ input: { seconds: 0, pad: 'p'.repeat(config.limits.inputBytes + 10) } }));
    submit('negative delaySeconds', task({ delaySeconds: -5 }));
    submit('runAt not a date', task({ runAt: 'tomorrow' }));
    submit('callbackUrl not a URL', task({ callbackUrl: 'not a url' }));
    const idem = (label: string, values: string[]) =>
      submit(label, task(), [...json(), ...values.map((v): [string, string] => ['idempotency-key', v])]);
    idem('two Idempotency-Key headers', ['key-a', 'key-b']);
    idem('Idempotency-Key of 300 chars', ['k'.repeat(300)]);
    idem('non-ASCII Idempotency-Key', ['cl\u00e9-\u00fc']);
    idem('empty Idempotency-Key', ['']);
  }

  if (op.method === 'PATCH') {
    for (const ifMatch of ['not-quoted', '"a", *', '*, "a"', 'W/', '"unterminated']) {
      out.push(c(`If-Match ${ifMatch}`, { url, headers: [...json(), ['if-match', ifMatch]], body: JSON.stringify({ priority: 1 }) }));
    }
    out.push(c('two If-Match headers', { url, headers: [...json(), ['if-match', '"a"'], ['if-match', '"b"']], body: '{"priority":1}' }));
  }

  const badQuery: [string, string][] = [
    ['limit', '-1'],
    ['limit', 'abc'],
    ['limit', '999999999999'],
    ['status', 'bogus'],
    ['cursor', 'garbage'],
    ['createdAfter', 'notadate'],
    ['createdBefore', '2026-13-45T99:00:00Z'],
  ];
  for (const [name, value] of badQuery) {
    if (op.query.has(name)) out.push(c(`${name}=${value}`, { url: `${urlFor(op)}?${name}=${encodeURIComponent(value)}`, headers: auth() }));
  }
  if (op.query.size > 0) out.push(c('malformed query encoding', { url: `${urlFor(op)}?limit=%zz`, headers: auth() }));
  return out;
}

function problemFailure(answer: Answer, op: Operation | null): string | null {
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

describe(onBackend('bad-input sweep'), { skip: await backendSkip() }, () => {
  before(async () => {
    db = await tempStore();
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config }));
    app = await buildApp({ store: db.store, taskTypes, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    apiKey = (await createApiKey(db.store, { tenant: 'sweep', name: 'sweep' })).key;
    // The routes come from the served document: without it there is nothing to sweep, so say that
    // plainly (a missing /openapi.json used to surface as "Cannot convert undefined or null to object").
    const doc = await send({ label: 'doc', method: 'GET', url: '/openapi.json', headers: [] });
    assert.equal(doc.status, 200, `GET /openapi.json must serve the document: ${doc.status} ${doc.body.slice(0, 200)}`);
    operations = listOperations(doc.body);
  });

  after(async () => {
    await app.close();
    await db.close();
  });

  test('every route answers bad input with a registry problem, never a 5xx, and stores nothing', async (t) => {
    assert.ok(operations.some((op) => op.path === '/v1/tasks' && op.method === 'POST'), 'POST /v1/tasks is documented');
    const failures: string[] = [];
    let count = 0;
    for (const op of operations) {
      for (const c of casesFor(op)) {
        count++;
        const answer = await send(c);
        const failure = problemFailure(answer, op);
        if (failure) failures.push(`${c.label} → ${failure}`);
      }
    }
    t.diagnostic(`${count} bad requests over ${operations.length} operations [${backend}]`);
    assert.deepEqual(failures, []);
    const { tasks } = await db.store.taskList({ tenant: null, limit: 1000 });
    assert.equal(tasks.length, 0, 'bad input created tasks');
  });

  test(
    'a webhook-endpoint id with a NUL byte is the 404 of any unknown id, not a 5xx',
    async () => {
      const failures: string[] = [];
      for (const id of ['tsk_%00', `tsk_${'a'.repeat(26)}%00`, 'whe_%00']) {
        for (const [method, url] of [
          ['GET', `/v1/webhook-endpoints/${id}`],
          ['DELETE', `/v1/webhook-endpoints/${id}`],
          ['GET', `/v1/webhook-endpoints/${id}/deliveries`],
        ] as const) {
          const answer = await send({ label: url, method, url, headers: auth() });
          if (answer.status !== 404) failures.push(`${method} ${url} → ${answer.status} ${answer.body.slice(0, 120)}`);
        }
      }
      assert.deepEqual(failures, []);
    },
  );

  test('raw protocol garbage is a 4xx, never a 5xx or a dropped connection', async () => {
    const failures: string[] = [];
    const raws = [
      `POST /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":1}`,
      `GET /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nIdempotency-Key: a\x00b\r\n\r\n`,
      `GET /v1/tasks/${GOOD_ID} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00e9\u00e9\r\nConnection: close\r\n\r\n`,
    ];
    for (const raw of raws) {
      const text = await sendRaw(raw);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      if (status < 400 || status > 499) failures.push(`${JSON.stringify(raw.slice(0, 60))} → ${text.slice(0, 120) || 'connection closed without an answer'}`);
    }
    assert.deepEqual(failures, []);
  });

  test('uploads and download links: hostile input is a registry problem, never a 5xx, and stores nothing', async () => {
    const failures: string[] = [];
    const check = async (label: string, c: Omit<Case, 'label'>, expect: number) => {
      const answer = await send({ label, ...c });
      const failure = problemFailure(answer, null) ?? (answer.status === expect ? null : `status ${answer.status}, expected ${expect}: ${answer.body.slice(0, 160)}`);
      if (failure) failures.push(`${label} → ${failure}`);
    };
    const upload = (query: string, headers: Headers, body?: string | Buffer) => ({ method: 'POST', url: `/v1/files${query}`, headers: [...auth(), ...headers], body });
    const boundary = 'sweepboundary';
    const multipart = (disposition: string, close = true) =>
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\nhello\r\n${close ? `--${boundary}--\r\n` : ''}`;
    const form: Headers = [['content-type', `multipart/form-data; boundary=${boundary}`]];

    // Wrong content types.
    await check('upload without Content-Type', upload('?name=a.txt', [], 'x'), 415);
    await check('upload form-encoded', upload('?name=a.txt', [['content-type', 'application/x-www-form-urlencoded']], 'a=b'), 415);
    await check('upload with a malformed media type', upload('?name=a.txt', [['content-type', 'text']], 'x'), 415);
    await check('upload with a media type of spaces', upload('?name=a.txt', [['content-type', 'text/ plain']], 'x'), 415);
    await check('multipart without a boundary', upload('', [['content-type', 'multipart/form-data']], 'x'), 400);
    // Truncated and empty multipart bodies.
    await check('truncated multipart', upload('', form, multipart('form-data; name="file"; filename="a.txt"', false).slice(0, -4)), 400);
    await check('multipart with only a field', upload('', form, multipart('form-data; name="note"')), 422);
    await check('multipart of garbage', upload('', form, 'not multipart at all'), 400);
    // Oversize: a declared length over limits.uploadBytes is refused before any byte is read.
    const huge = await sendRaw(
      `POST /v1/files?name=huge.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${10 * config.limits.uploadBytes}\r\n\r\nsome bytes`,
    );
    if (!/^HTTP\/1\.1 413 /.test(huge) || !huge.includes('"code":"payload-too-large"')) failures.push(`declared oversize upload → ${huge.slice(0, 160)}`);
    // Path tricks in names, in the query and in a multipart filename.
    for (const name of ['../../etc/passwd', '..', '.', 'a/b', 'a\\b', 'C:\\Windows\\x.dll', 'nul\u0000.txt', 'bell\u0007', 'n'.repeat(300), '']) {
      await check(`upload named ${JSON.stringify(name).slice(0, 30)}`, upload(`?name=${encodeURIComponent(name)}`, [['content-type', 'text/plain']], 'x'), 422);
    }
    // A multipart filename is cut to its last segment, as browsers send it (files.test.ts); what is left must be a name.
    for (const name of ['..', '.', 'dir/..', 'a\u0001b']) {
      await check(`multipart filename ${JSON.stringify(name)}`, upload('', form, multipart(`form-data; name="file"; filename="${name}"`)), 422);
    }
    // Bad, forged and tampered download tokens.
    const fileId = `fil_${'0'.repeat(26)}`;
    const ring = await loadSigningKeys(config, db.store);
    const valid = signDownload(ring, fileId, Date.now() + 60_000);
    const [id, exp, kid, sig] = valid.split('.') as [string, string, string, string];
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    const tokens: [string, string, number][] = [
      ['garbage', 'garbage', 404],
      ['empty parts', '...', 404],
      ['tampered signature', `${id}.${exp}.${kid}.${flip(sig)}`, 404],
      ['tampered expiry', `${id}.${(Number.parseInt(exp, 36) + 3600).toString(36)}.${kid}.${sig}`, 404],
      ['tampered file id', `fil_${'1'.repeat(26)}.${exp}.${kid}.${sig}`, 404],
      ['unknown key id', `${id}.${exp}.zzzzzz.${sig}`, 404],
      ['signature of another length', `${id}.${exp}.${kid}.${sig}AA`, 404],
      ['expired', signDownload(ring, fileId, Date.now() - 1000), 410],
      ['signed, for a file that is not there', valid, 410],
      ['percent-encoded NUL', `${id}%00.${exp}.${kid}.${sig}`, 404],
    ];
    for (const [label, token, status] of tokens) {
      await check(`download: ${label}`, { method: 'GET', url: `/v1/downloads/${token}`, headers: [] }, status);
    }
    await check('download: an over-long token', { method: 'GET', url: `/v1/downloads/${'a'.repeat(500)}`, headers: [] }, 404);
    assert.deepEqual(failures, []);
    assert.deepEqual(await db.store.fileList({ tenant: null, limit: 1000 }), [], 'no file was stored');
    assert.deepEqual(await db.store.fileListRemovable({ limit: 1000 }), [], 'no bytes were left behind');
  });

  test('unknown or malformed Prefer values are ignored: the submission succeeds', async () => {
    for (const prefer of ['bogus', 'wait=abc', 'wait=-1', 'respond-async; foo=', ',,,;', 'return=weird, handling=strict']) {
      const res = await send({
        label: prefer,
        method: 'POST',
        url: '/v1/tasks',
        headers: [...json(), ['prefer', prefer]],
        body: JSON.stringify({ type: 'noop', input: {} }),
      });
      assert.ok(res.status === 201 || res.status === 202, `Prefer: ${prefer} → ${res.status} ${res.body.slice(0, 200)}`);
    }
  });
});
