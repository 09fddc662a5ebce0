import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { createApiKey } from '../../src/operations/api-keys.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { backend, backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';

// A property-based fuzzer over the served OpenAPI document (fast-check, fixed seed, bounded count):
// for every operation it generates requests — path parameters, query parameters, headers and bodies
// shaped after the operation's own schemas, then mutated — and sends them over real HTTP. Whatever
// the request, the answer is never a 5xx, and every 4xx is a problem document of the registry.
// (The bad-input sweep, test/api/bad-input.test.ts, sends hand-picked hostile cases; this one
// explores the space between them.)

const SEED = 20_261_201;
const RUNS = 4000;

type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  body: Schema | null;
}

interface FuzzRequest {
  op: number;
  pathValues: string[];
  query: [string, string][];
  headers: [string, string][];
  body: string | null;
  contentType: string | null;
  auth: 'key' | 'admin' | 'none' | 'garbage';
}

function listOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>>; components?: { schemas?: Record<string, Schema> } }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = ((op.parameters as Operation['params'] | undefined) ?? []).filter((p) => p.in !== 'header' || p.name !== 'authorization');
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const body = content?.['application/json']?.schema ?? null;
      out.push({ method: method.toUpperCase(), path, params, body: body ? resolve(body, doc.components?.schemas ?? {}) : null });
    }
  }
  return out;
}

function resolve(schema: Schema, components: Record<string, Schema>, depth = 0): Schema {
  const ref = schema.$ref as string | undefined;
  if (ref && depth < 5) return resolve(components[ref.split('/').pop()!] ?? {}, components, depth + 1);
  return schema;
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '%00', '%E0%A4%A', '..%2F..', 'tsk_', `tsk_${'0'.repeat(36)}`, 'x'.repeat(300), '-1', '1e309', 'null', '[]', '{}'),
);
const json: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Values that make a request get further (a registered type, an input it accepts), mixed with the rest. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  type: fc.constantFrom('noop', 'sleep'),
  input: fc.oneof(fc.constant({}), fc.record({ seconds: fc.double({ min: 0, max: 0.05, noNaN: true }) })),
  tasks: fc.array(fc.record({ type: fc.constantFrom('noop', 'sleep', 'nope'), input: fc.constant({}) }, { requiredKeys: ['type'] }), { maxLength: 3 }),
};

/** A value for a schema: usually of the right shape, sometimes of any shape. */
function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return json;
  const types = [schema.type].flat().filter((t): t is string => typeof t === 'string');
  const shaped: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) shaped.push(fc.constantFrom(...schema.enum));
  for (const t of types) {
    if (t === 'string') shaped.push(text);
    if (t === 'integer') shaped.push(fc.integer({ min: -2000, max: 100_000 }));
    if (t === 'number') shaped.push(fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    if (t === 'boolean') shaped.push(fc.boolean());
    if (t === 'null') shaped.push(fc.constant(null));
    if (t === 'array') shaped.push(fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 4 }));
    if (t === 'object') {
      const props = Object.entries(schema.properties ?? {});
      shaped.push(
        props.length === 0
          ? fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 3 })
          : fc.record(Object.fromEntries(props.map(([k, s]) => [k, HINTS[k] ? fc.oneof(HINTS[k], arbitraryFor(s, depth + 1)) : arbitraryFor(s, depth + 1)])), {
              requiredKeys: [],
            }),
      );
    }
  }
  if (shaped.length === 0) shaped.push(json);
  return fc.oneof({ arbitrary: fc.oneof(...shaped), weight: 4 }, { arbitrary: json, weight: 1 });
}

function requestsFor(ops: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.integer({ min: 0, max: ops.length - 1 }).chain((index) => {
    const op = ops[index]!;
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const headerParams = op.params.filter((p) => p.in === 'header');
    const asText = (s?: Schema) => arbitraryFor(s).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
    return fc.record({
      op: fc.constant(index),
      pathValues: fc.tuple(...pathParams.map(() => fc.oneof(text, fc.constantFrom(`tsk_${'0'.repeat(36)}`, 'whe_x', 'key_x')))),
      query: fc.array(
        queryParams.length > 0
          ? fc.oneof(
              fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name)), asText()),
              ...queryParams.map((p) => fc.tuple(fc.constant(p.name), asText(p.schema))),
              fc.tuple(fc.constantFrom('metadata.k', 'metadata.', 'unknown', 'limit'), text),
            )
          : fc.tuple(fc.constantFrom('x', 'metadata.k'), text),
        { maxLength: 3 },
      ),
      headers: fc.array(
        fc.oneof(
          ...headerParams.map((p) => fc.tuple(fc.constant(p.name), asText(p.schema))),
          fc.tuple(fc.constantFrom('prefer', 'idempotency-key', 'if-match', 'if-none-match', 'last-event-id', 'x-request-id'), text),
          fc.tuple(fc.constant('prefer'), fc.constantFrom('wait=1', 'respond-async', 'wait=abc', 'wait=99999')),
        ),
        { maxLength: 3 },
      ),
      body: op.body
        ? fc.oneof(
            { arbitrary: arbitraryFor(op.body).map((v) => JSON.stringify(v) ?? 'null'), weight: 6 },
            { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
            { arbitrary: fc.constantFrom('{"a":1,"a":2}', '[1e309]', '{"n":12345678901234567890}', '{"s":"\\ud800"}', '{', ''), weight: 1 },
          )
        : fc.option(fc.string({ maxLength: 30 }), { nil: null, freq: 4 }),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/merge-patch+json', null),
      auth: fc.constantFrom('key', 'key', 'key', 'admin', 'none', 'garbage'),
    });
  });
}

describe(onBackend('OpenAPI-driven property fuzzer'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let app: FastifyInstance;
  let port: number;
  let ops: Operation[];
  const keys: Record<'key' | 'admin', string> = { key: '', admin: '' };
  before(async () => {
    db = await tempStore();
    const config: Config = structuredClone(DEFAULTS);
    // Long-polls and synchronous waits hold a request; the fuzzer is about answers, not waiting.
    config.limits.waitMaxSeconds = 1;
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config }));
    app = await buildApp({ store: db.store, taskTypes, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    keys.key = (await createApiKey(db.store, { tenant: 'fuzz' })).key;
    keys.admin = (await createApiKey(db.store, { tenant: 'fuzz-admin', admin: true })).key;
    ops = listOperations(app.swagger() as never);
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  function send(r: FuzzRequest): Promise<{ status: number; type: string; body: string }> {
    const op = ops[r.op]!;
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.pathValues[i++] ?? 'x'));
    const query = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const headers: [string, string][] = [['host', `127.0.0.1:${port}`]];
    if (r.auth === 'key' || r.auth === 'admin') headers.push(['authorization', `Bearer ${keys[r.auth]}`]);
    if (r.auth === 'garbage') headers.push(['authorization', 'Bearer not-a-key']);
    for (const [k, v] of r.headers) if (/^[\t\x20-\x7e]*$/.test(v)) headers.push([k, v]);
    if (r.body !== null && r.contentType) headers.push(['content-type', r.contentType]);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: op.method, path: query ? `${path}?${query}` : path, headers: headers.flat() });
      req.setTimeout(5000, () => req.destroy(new Error(`no answer within 5 s: ${op.method} ${path}`)));
      req.on('response', (res) => {
        const type = String(res.headers['content-type'] ?? '');
        // An event stream stays open by design: its first bytes are the answer.
        if (type.startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, type, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(r.body ?? undefined);
    });
  }

  test(`${RUNS} generated requests: never a 5xx, every error a problem of the registry (seed ${SEED})`, async (t) => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestsFor(ops), async (r) => {
        const res = await send(r);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const op = ops[r.op]!;
        const where = `${op.method} ${op.path} → ${res.status}: ${res.body.slice(0, 200)}`;
        assert.ok(res.status < 500, where);
        if (res.status >= 400) {
          assert.ok(res.type.startsWith('application/problem+json'), `not a problem document: ${where}`);
          const problem = JSON.parse(res.body) as { code: ProblemCode; status: number; type: string };
          assert.ok(Object.hasOwn(PROBLEMS, problem.code), `code not in the registry: ${where}`);
          assert.equal(problem.status, res.status, where);
          assert.equal(problem.type, `/problems/${problem.code}`, where);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    t.diagnostic(`[${backend}] ${ops.length} operations; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    assert.ok((statuses.get(202) ?? 0) + (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) > 0, 'some generated requests were valid');
  });
});
