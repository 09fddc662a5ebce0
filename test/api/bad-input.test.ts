import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { backend, backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { type Answer, type Case, type Headers, problemFailure, send as sendTo, sendRaw as sendRawTo } from '../helpers/raw-http.ts';

// The bad-input sweep (an acceptance criterion): every route, enumerated from the OpenAPI document
// so new routes are covered automatically, gets malformed and hostile requests. Each answer must be
// a 4xx `application/problem+json` whose type/title/status match the registry, never a 5xx, and
// nothing may be stored. Real HTTP over loopback: `inject` would normalise duplicate headers.
// Uploads and download links have their own sweep (bad-input.files.test.ts).

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  hasBody: boolean;
  query: Set<string>;
  codes: Set<string>;
  /** The route's auth mode (`x-auth`): worker and admin routes are swept with an admin key. */
  auth: string;
}
const config = DEFAULTS;
let db: TempStore;
let app: FastifyInstance;
let port: number;
let apiKey: string;
let tenantKey: string;
let adminKey: string;
let operations: Operation[];

const send = (c: Case): Promise<Answer> => sendTo(port, c);
const sendRaw = (text: string): Promise<string> => sendRawTo(port, text);

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
        auth: String(op['x-auth'] ?? 'tenant'),
      });
    }
  }
  return out;
}

const auth = (): Headers => [['authorization', `Bearer ${apiKey}`]];
const json = (): Headers => [...auth(), ['content-type', 'application/json']];

const GOOD_ID = `tsk_${'0'.repeat(26)}`;
const BAD_IDS = ['not-an-id', GOOD_ID, `tsk_${'0'.repeat(36)}`, 'tsk_%00', `tsk_${'a'.repeat(26)}%00`, `tsk_${'x'.repeat(5000)}`, '%E0%A4%A', '..%2F..%2Fetc'];

/** A valid submission, so that a case breaks exactly one thing. */
const task = (over: Record<string, unknown> = {}) => ({ type: 'sleep', input: { seconds: 0 }, ...over });
const wrapFor = (op: Operation, body: unknown): unknown => (op.path.endsWith('/bulk') ? { tasks: [body], atomic: true } : body);
const isSubmit = (op: Operation) => op.hasBody && (op.method === 'POST' || op.method === 'PUT') && /\/v1\/tasks/.test(op.path);

function urlFor(op: Operation, id = GOOD_ID, query = ''): string {
  return op.path.replace(/\{[^}]+\}/g, id) + query;
}

/** Malformed batches: each must be refused as a whole (4xx) before any sub-request runs. */
const get = (over: Record<string, unknown> = {}) => ({ id: 'a', method: 'GET', url: '/v1/task-types', ...over });
const nested = (depth: number): unknown => (depth === 0 ? {} : { n: nested(depth - 1) });
const BATCH_BODIES: [string, unknown][] = [
  ['no requests', { requests: [] }],
  ['requests not an array', { requests: 'x' }],
  ['an empty request', { requests: [{}] }],
  ['an unknown member', { requests: [get({ extra: 1 })] }],
  ['method TRACE', { requests: [get({ method: 'TRACE' })] }],
  ['method in lower case', { requests: [get({ method: 'get' })] }],
  ['relative URL', { requests: [get({ url: 'v1/tasks' })] }],
  ['empty URL', { requests: [get({ url: '' })] }],
  ['scheme-relative URL', { requests: [get({ url: '//evil.example/v1/tasks' })] }],
  ['absolute URL', { requests: [get({ url: 'http://127.0.0.1/v1/tasks' })] }],
  ['URL outside /v1/', { requests: [get({ url: '/metrics' })] }],
  ['nested batch', { requests: [{ id: 'a', method: 'POST', url: '/v1/batch', body: { requests: [get()] } }] }],
  ['lone $', { requests: [get({ url: '$' })] }],
  ['$<id> without dependsOn', { requests: [get(), get({ id: 'b', url: '$a' })] }],
  ['URL with a NUL', { requests: [get({ url: '/v1/tasks/\u0000' })] }],
  ['URL with a newline', { requests: [get({ url: '/v1/tasks\r\nx: y' })] }],
  ['URL with dot segments', { requests: [get({ url: '/v1/%2e%2e/metrics' })] }],
  ['URL of 5000 characters', { requests: [get({ url: `/v1/${'x'.repeat(5000)}` })] }],
  ['streaming route', { requests: [get({ url: `/v1/tasks/${GOOD_ID}/events` })] }],
  ['empty id', { requests: [get({ id: '' })] }],
  ['id with a space', { requests: [get({ id: 'a b' })] }],
  ['id of 65 characters', { requests: [get({ id: 'i'.repeat(65) })] }],
  ['duplicate ids', { requests: [get(), get()] }],
  ['dependsOn not an array', { requests: [get(), get({ id: 'b', dependsOn: 'a' })] }],
  ['dependsOn a number', { requests: [get(), get({ id: 'b', dependsOn: [1] })] }],
  ['dependsOn twice the same', { requests: [get(), get({ id: 'b', dependsOn: ['a', 'a'] })] }],
  ['dependsOn a later id', { requests: [get({ dependsOn: ['b'] }), get({ id: 'b' })] }],
  ['header name with a space', { requests: [get({ headers: { 'bad name': 'x' } })] }],
  ['header value a number', { requests: [get({ headers: { prefer: 1 } })] }],
  ['header value with CRLF', { requests: [get({ headers: { prefer: 'a\r\nx-injected: 1' } })] }],
  ['Authorization header', { requests: [get({ headers: { authorization: 'Bearer other' } })] }],
  ['internal dispatch header', { requests: [get({ headers: { 'x-offload-dispatch': 'guess' } })] }],
  ['40 headers', { requests: [get({ headers: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-h${i}`, 'v'])) })] }],
  ['atomicityGroup a number', { requests: [get({ atomicityGroup: 1 })] }],
  ['non-adjacent group', { requests: [get({ atomicityGroup: 'g' }), get({ id: 'b' }), get({ id: 'c', atomicityGroup: 'g' })] }],
  ['body on a GET', { requests: [get({ body: {} })] }],
  ['$ref to a request not in dependsOn', { requests: [get(), { id: 'b', method: 'POST', url: '/v1/tasks', body: { type: 'sleep', input: { seconds: { $ref: 'a#/items' } } } }] }],
  ['too many requests', { requests: Array.from({ length: config.limits.batchMaxRequests + 1 }, (_, i) => get({ id: `r${i}` })) }],
  ['dependsOn chain too deep', { requests: Array.from({ length: config.limits.batchMaxDepth + 2 }, (_, i) => get({ id: `r${i}`, dependsOn: i ? [`r${i - 1}`] : [] })) }],
  ['a deeply nested body', { requests: [{ id: 'a', method: 'POST', url: '/v1/tasks', body: nested(2000), dependsOn: ['zz'] }] }],
];

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
    // An absolute-form target (legal HTTP/1.1) is authorised like its path: the route that matched decides.
    out.push(c('absolute-form target, no Authorization', { url: `http://offload.test${url}`, headers: op.hasBody ? [['content-type', 'application/json']] : [], body: op.hasBody ? validBody : undefined }));
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
      // JSON that JSON.parse would take but not as sent, and nesting that would overflow a stack.
      ['nested 5,000 levels', validBody.replace('"seconds":0', `"seconds":0,"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`)],
      ['nested 100,000 levels', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['a duplicate key', validBody.replace('{', '{"x":1,"x":1,')],
      ['1e309', validBody.replace('"seconds":0', '"seconds":1e309')],
      ['an integer past 2^53', validBody.replace('"seconds":0', '"seconds":9007199254740993')],
      ['a lone surrogate escape', validBody.replace('"sleep"', '"sl\\ud800eep"')],
      ['invalid UTF-8 bytes', Buffer.concat(validBody.split('sleep').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xc3, 0x28]), Buffer.from(part)])))],
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
    // NUL characters in text the store keeps as text: refused on both backends alike (PostgreSQL cannot store them).
    submit('customId with a NUL', task({ customId: 'a\u0000b' }));
    submit('metadata key with a NUL', task({ metadata: { 'k\u0000': 'v' } }));
    submit('metadata value with a NUL', task({ metadata: { k: 'v\u0000' } }));
    submit('callbackUrl with a NUL', task({ callbackUrl: 'https://hooks.example.com/a\u0000b' }));
    for (const host of ['[::127.0.0.1]', '[::7f00:1]', '[::10.0.0.1]', '[::169.254.169.254]', '[::192.168.1.1]', '[64:ff9b::a00:1]',
      '[2002:a9fe:a9fe::1]', '[2001:0:808:808:8000:f227:80ff:fffe]', '[2001:db9::5efe:10.0.0.1]', 'localhost', 'x.LOCALHOST.']) {
      submit(`callbackUrl https://${host}/`, task({ callbackUrl: `https://${host}/hook` }));
    }
    const idem = (label: string, values: string[]) =>
      submit(label, task(), [...json(), ...values.map((v): [string, string] => ['idempotency-key', v])]);
    idem('two Idempotency-Key headers', ['key-a', 'key-b']);
    idem('Idempotency-Key of 300 chars', ['k'.repeat(300)]);
    idem('non-ASCII Idempotency-Key', ['cl\u00e9-\u00fc']);
    idem('empty Idempotency-Key', ['']);
  }

  if (op.method === 'POST' && op.path === '/v1/batch') {
    for (const [label, body] of BATCH_BODIES) {
      for (const prefer of [[], [['prefer', 'respond-async']]] as Headers[]) {
        out.push(c(`${label}${prefer.length ? ' (respond-async)' : ''}`, { url, headers: [...json(), ...prefer], body: JSON.stringify(body) }));
      }
    }
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
    ['type', 'sl\u0000eep'],
    ['customId', 'a\u0000b'],
    ['metadata.k', 'v\u0000'],
  ];
  for (const [name, value] of badQuery) {
    if (op.query.has(name) || (name.startsWith('metadata.') && op.query.has('metadata'))) out.push(c(`${name}=${value}`, { url: `${urlFor(op)}?${name}=${encodeURIComponent(value)}`, headers: auth() }));
  }
  if (op.query.size > 0) out.push(c('malformed query encoding', { url: `${urlFor(op)}?limit=%zz`, headers: auth() }));
  return out;
}

describe(onBackend('bad-input sweep'), { skip: await backendSkip() }, () => {
  before(async () => {
    db = await tempStore();
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config }));
    app = await buildApp({ store: db.store, taskTypes, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    tenantKey = (await createApiKey(db.store, { tenant: 'sweep', name: 'sweep' })).key;
    // Routes for worker or admin keys refuse a tenant key before they read anything: sweep them
    // with a key they accept, so their parsing and validation are what answers.
    adminKey = (await createApiKey(db.store, { tenant: 'sweep', name: 'sweep admin', admin: true })).key;
    apiKey = tenantKey;
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
      apiKey = op.auth === 'worker' || op.auth === 'admin' ? adminKey : tenantKey;
      for (const c of casesFor(op)) {
        count++;
        const answer = await send(c);
        const failure = problemFailure(answer, op);
        if (failure) failures.push(`${c.label} → ${failure}`);
      }
    }
    apiKey = tenantKey;
    t.diagnostic(`${count} bad requests over ${operations.length} operations [${backend}]`);
    assert.deepEqual(failures, []);
    const { tasks } = await db.store.taskList({ tenant: null, limit: 1000 });
    assert.equal(tasks.length, 0, 'bad input created tasks');
    assert.equal((await db.store.batchList({ tenant: null, limit: 1000 })).batches.length, 0, 'bad input stored batches');
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

  test('errors of the HTTP layer (framing, header size) are problem+json too, and close the connection', async () => {
    const failures: string[] = [];
    const cases: [string, string, number, string][] = [
      ['headers over 16 KB', `GET /v1/tasks HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`, 431, 'request-header-fields-too-large'],
      ['a malformed request line', 'GET /v1/tasks HTTP/9\r\nHost: x\r\n\r\n', 400, 'malformed-request'],
      ['a non-numeric Content-Length', 'POST /v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, 'malformed-request'],
      ['Content-Length and chunked at once', 'POST /v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'malformed-request'],
      ['broken chunked framing', `POST /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400, 'malformed-request'],
      ['a header name with a space', 'GET /v1/tasks HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, 'malformed-request'],
    ];
    for (const [label, raw, status, code] of cases) {
      const text = await sendRaw(raw);
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const got = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const problem = (() => {
        try {
          return JSON.parse(body) as Record<string, unknown>;
        } catch {
          return null;
        }
      })();
      if (got !== status) failures.push(`${label}: status ${got} (${head.split('\r\n')[0] ?? 'no answer'})`);
      else if (!/\r\ncontent-type: application\/problem\+json/i.test(head)) failures.push(`${label}: not problem+json: ${head}`);
      else if (!/\r\nconnection: close/i.test(head)) failures.push(`${label}: no connection: close: ${head}`);
      else if (problem?.code !== code || problem?.status !== status || problem?.type !== `/problems/${code}`) failures.push(`${label}: body ${body}`);
      else if (PROBLEMS[code as ProblemCode]?.status !== status) failures.push(`${label}: ${code} is not a ${status} in the registry`);
    }
    assert.deepEqual(failures, []);
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
