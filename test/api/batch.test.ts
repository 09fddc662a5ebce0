import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { newSecret } from '../../src/domain/ids.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { testTaskTypes } from '../helpers/task-types.ts';

// POST /v1/batch, synchronous: sub-requests through the very routes (identical answers), in request
// order, independent ones concurrently, references and dependencies.
//
// Identity with direct calls is checked on twin apps: two fresh stores seeded with the same rows
// (fixed ids) and one fixed clock; the same request list goes to one as a batch and to the other
// one call after the other. Task ids the requests create differ between the twins and are compared
// by order of first appearance; everything else must be equal byte for byte.

const NOW = Date.parse('2026-05-01T12:00:00.000Z');
const SEED = ['tsk_00000000000000000000000001', 'tsk_00000000000000000000000002', 'tsk_00000000000000000000000003'];

interface Twin {
  db: TempStore;
  app: FastifyInstance;
  auth: string;
}

async function twin(config: Config): Promise<Twin> {
  const db = await tempStore();
  const app = await buildApp({ store: db.store, taskTypes: taskTypes(), config, now: () => NOW });
  await app.ready();
  const secret = newSecret('ofk');
  await db.store.apiKeyCreate({
    key: { id: 'key_00000000000000000000000001', tenant: 'acme', name: null, admin: false, createdAt: NOW, revokedAt: null, lastUsedAt: null },
    hash: apiKeyHash(secret),
  });
  // Seeded tasks rank first in their queue (priority 1000): the batch's own submissions never get
  // ahead of them, so their positions do not depend on the order concurrent submissions commit in.
  for (const [i, id] of SEED.entries()) {
    await db.store.taskInsert({
      task: {
        id, tenant: 'acme', type: 'echo', status: 'queued', customId: `seed-${i}`, priority: 1000 - i, inputJson: `{"seed":${i}}`,
        metadata: { seeded: 'yes' }, fingerprint: `f${i}`, runAt: NOW, timeoutSeconds: 300, maxAttempts: 3, callbackUrl: null,
        createdAt: NOW, expiresAt: NOW + 86_400_000,
      },
    });
  }
  return { db, app, auth: `Bearer ${secret}` };
}

/**
 * The 50 sub-requests: submissions (some waiting, keyed, with a customId, in bulk), reads, a list, a
 * cancel, bad ones. Each submission has a type of its own, so its queue position (in its answer) is
 * the same whichever concurrent submission commits first.
 */
function heterogeneous(): { id: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }[] {
  const out: ReturnType<typeof heterogeneous> = [];
  let kind = 0;
  const type = () => `kind-${kind++}`;
  for (let i = 0; i < 20; i++) out.push({ id: `submit-${i}`, method: 'POST', url: '/v1/tasks', body: { type: type(), input: { i }, priority: i } });
  for (let i = 0; i < 8; i++) out.push({ id: `meta-${i}`, method: 'POST', url: '/v1/tasks', body: { type: type(), input: { i }, delaySeconds: i, metadata: { n: i } } });
  for (let i = 0; i < 4; i++) {
    // Nobody runs tasks here: each of these is held for its whole wait, so run one after the other
    // they take four seconds, and concurrently about one.
    out.push({ id: `wait-${i}`, method: 'POST', url: '/v1/tasks', headers: { prefer: 'wait=1' }, body: { type: type(), input: { i } } });
  }
  out.push({ id: 'async', method: 'POST', url: '/v1/tasks', headers: { prefer: 'respond-async' }, body: { type: type(), input: {} } });
  out.push({ id: 'keyed', method: 'POST', url: '/v1/tasks', headers: { 'idempotency-key': 'k-1' }, body: { type: type(), input: { keyed: true } } });
  out.push({ id: 'custom', method: 'POST', url: '/v1/tasks', body: { type: type(), input: {}, customId: 'mine' } });
  out.push({ id: 'bulk', method: 'POST', url: '/v1/tasks/bulk', body: { tasks: [{ type: type(), input: { b: 1 } }, { type: 'nope', input: {} }] } });
  out.push({ id: 'get-0', method: 'GET', url: `/v1/tasks/${SEED[0]}` });
  out.push({ id: 'get-1', method: 'GET', url: `/v1/tasks/${SEED[1]}?include=input` });
  out.push({ id: 'result-0', method: 'GET', url: `/v1/tasks/${SEED[0]}/result` });
  out.push({ id: 'list', method: 'GET', url: '/v1/tasks?metadata.seeded=yes&status=queued,canceled&limit=2' });
  out.push({ id: 'types', method: 'GET', url: '/v1/task-types' });
  // After the list, which shows the task it cancels.
  out.push({ id: 'cancel', method: 'POST', url: `/v1/tasks/${SEED[2]}/cancel`, dependsOn: ['list'] });
  out.push({ id: 'missing', method: 'GET', url: '/v1/tasks/tsk_0000000000000000000000zzzz' });
  out.push({ id: 'bad-type', method: 'POST', url: '/v1/tasks', body: { type: 'no-such-type', input: {} } });
  out.push({ id: 'bad-input', method: 'POST', url: '/v1/tasks', body: { type: 'sleep', input: { seconds: 'soon' } } });
  out.push({ id: 'bad-json-type', method: 'POST', url: '/v1/tasks', headers: { 'content-type': 'text/plain' }, body: { type: 'kind-0', input: {} } });
  out.push({ id: 'no-route', method: 'GET', url: '/v1/nothing-here' });
  out.push({ id: 'method', method: 'DELETE', url: '/v1/task-types' });
  out.push({ id: 'patch-no-if-match', method: 'PATCH', url: `/v1/tasks/${SEED[1]}`, body: { priority: 5 } });
  out.push({ id: 'reserve', method: 'POST', url: '/v1/task-ids' });
  assert.equal(out.length, 50);
  return out;
}

/** `sleep` (a numeric input), `echo` (the seeded tasks) and `kind-0` … `kind-49`. */
function taskTypes() {
  const base = testTaskTypes();
  const kinds = new Map(Array.from({ length: 50 }, (_, i) => [`kind-${i}`, { ...base.get('echo')!, type: `kind-${i}` }]));
  return {
    get: (type: string) => kinds.get(type) ?? base.get(type),
    types: () => [...base.types(), ...kinds.keys()],
    validateInput: (type: string, input: unknown) => (kinds.has(type) ? base.validateInput('echo', input) : base.validateInput(type, input)),
  };
}

/** Task ids (and reservation ids) replaced by their order of first appearance; the rest as is. */
function normalizer() {
  const seen = new Map<string, string>();
  return (text: string) =>
    text.replace(/tsk_[0-9a-z]{36}/g, (id) => {
      if (SEED.includes(id)) return id;
      if (!seen.has(id)) seen.set(id, `tsk#${seen.size}`);
      return seen.get(id)!;
    });
}

const HOP = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

describe(onBackend('POST /v1/batch'), { skip: await backendSkip() }, () => {
  let a: Twin;
  let b: Twin;
  before(async () => {
    const config: Config = structuredClone(DEFAULTS);
    config.worker.pollIntervalMs = 50;
    config.limits.batchConcurrency = 8;
    a = await twin(config);
    b = await twin(config);
  });
  after(async () => {
    for (const t of [a, b]) {
      await t.app.close();
      await t.db.close();
    }
  });

  const batch = (t: Twin, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: t.auth, ...headers }, payload: body as object });

  test('50 heterogeneous sub-requests answer in request order, each as the same call made directly; independent ones overlap', async (t) => {
    const requests = heterogeneous();
    const started = performance.now();
    const res = await batch(a, { requests });
    const batchMs = performance.now() - started;
    assert.equal(res.statusCode, 200, res.body);
    const { responses } = res.json() as { responses: { id: string; status: number; headers: Record<string, string>; body: unknown }[] };
    assert.deepEqual(responses.map((r) => r.id), requests.map((r) => r.id));

    const directStarted = performance.now();
    const direct: LightMyRequestResponse[] = [];
    for (const r of requests) {
      const headers: Record<string, string> = { authorization: b.auth, ...(r.headers ?? {}) };
      if (r.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      direct.push(await b.app.inject({ method: r.method, url: r.url, headers, payload: r.body === undefined ? undefined : JSON.stringify(r.body) }));
    }
    const directMs = performance.now() - directStarted;

    const fromBatch = normalizer();
    const fromDirect = normalizer();
    const mismatches: string[] = [];
    responses.forEach((sub, i) => {
      const d = direct[i]!;
      const headers = Object.fromEntries(Object.entries(d.headers).filter(([k]) => !HOP.has(k)).map(([k, v]) => [k, String(v)]));
      const want = fromDirect(JSON.stringify({ status: d.statusCode, headers, body: d.body === '' ? null : JSON.parse(d.body) }));
      const got = fromBatch(JSON.stringify({ status: sub.status, headers: sub.headers, body: sub.body }));
      // A submission's ETag digests its document, which holds its (random) id: compare its form only.
      const etagless = (s: string) => s.replace(/"etag":"\\"\d+-[A-Za-z0-9_-]{22}\\""/g, '"etag":"<etag>"');
      const created = requests[i]!.method === 'POST' && !requests[i]!.url.includes('/cancel');
      if ((created ? etagless(got) : got) !== (created ? etagless(want) : want)) mismatches.push(`${requests[i]!.id}:\n  batch  ${got}\n  direct ${want}`);
    });
    assert.deepEqual(mismatches, []);
    const statuses = responses.map((r) => r.status);
    for (const s of [200, 201, 202, 404, 405, 415, 422, 428]) assert.ok(statuses.includes(s), `a ${s} among the answers`);
    t.diagnostic(`batch of 50 with 4 sub-requests waiting 1 s each: ${batchMs.toFixed(0)} ms; the same calls one after the other: ${directMs.toFixed(0)} ms`);
    assert.ok(batchMs < 2_500, `the four 1 s waits overlapped (${batchMs.toFixed(0)} ms)`);
    assert.ok(directMs > 3_900);
  });

  test('a chain a → b ($ref to a’s id) → c ($<b> URL) resolves', async () => {
    const res = await batch(a, {
      requests: [
        { id: 'a', method: 'POST', url: '/v1/tasks', body: { type: 'echo', input: { step: 'a' } } },
        { id: 'b', method: 'POST', url: '/v1/tasks', dependsOn: ['a'], body: { type: 'echo', input: { after: { $ref: 'a#/id' } }, dependsOn: [{ $ref: 'a#/id' }] } },
        { id: 'c', method: 'GET', url: '$b?include=input', dependsOn: ['b'] },
        { id: 'd', method: 'POST', url: '$b/cancel', dependsOn: ['b', 'c'] },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const [ra, rb, rc, rd] = res.json().responses;
    assert.equal(ra.status, 202);
    assert.equal(rb.status, 202);
    assert.deepEqual(rb.body.dependsOn, [ra.body.id]);
    assert.equal(rb.body.status, 'pending');
    assert.equal(rc.status, 200);
    assert.equal(rc.body.id, rb.body.id);
    assert.deepEqual(rc.body.input, { after: ra.body.id });
    assert.equal(rd.status, 200);
    assert.equal(rd.body.status, 'canceled');
  });

  test('breaking a makes b and c answer 424 dependency-failed, and nothing of them is stored', async () => {
    const before = (await a.db.store.taskList({ tenant: 'acme', limit: 1000 })).tasks.length;
    const res = await batch(a, {
      requests: [
        { id: 'a', method: 'POST', url: '/v1/tasks', body: { type: 'no-such-type', input: {} } },
        { id: 'b', method: 'POST', url: '/v1/tasks', dependsOn: ['a'], body: { type: 'echo', input: { after: { $ref: 'a#/id' } }, customId: 'chain-b' } },
        { id: 'c', method: 'GET', url: '$b', dependsOn: ['b'] },
      ],
    });
    assert.equal(res.statusCode, 200);
    const [ra, rb, rc] = res.json().responses;
    assert.equal(ra.status, 422);
    assert.equal(rb.status, 424);
    assert.equal(rb.body.code, 'dependency-failed');
    assert.equal(rb.body.dependency, 'a');
    assert.equal(rb.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(rc.status, 424);
    assert.equal(rc.body.dependency, 'b');
    assert.equal((await a.db.store.taskList({ tenant: 'acme', limit: 1000 })).tasks.length, before);
    assert.equal(await a.db.store.taskGetByCustomId({ tenant: 'acme', customId: 'chain-b' }), null);
  });

  test('an unresolvable reference is 424 reference-unresolvable; the sub-request is not run', async () => {
    const res = await batch(a, {
      requests: [
        { id: 'list', method: 'GET', url: '/v1/task-types' },
        { id: 'x', method: 'POST', url: '/v1/tasks', dependsOn: ['list'], body: { type: 'echo', input: { v: { $ref: 'list#/items/99/type' } }, customId: 'never' } },
        { id: 'y', method: 'GET', url: '$list', dependsOn: ['list'] },
      ],
    });
    const [, rx, ry] = res.json().responses;
    assert.equal(rx.status, 424);
    assert.equal(rx.body.code, 'reference-unresolvable');
    assert.equal(ry.status, 424, 'the list has no Location');
    assert.equal(await a.db.store.taskGetByCustomId({ tenant: 'acme', customId: 'never' }), null);
  });

  test('a sub-request runs with the caller’s key: another tenant’s task is 404, and it cannot bring its own Authorization', async () => {
    const res = await batch(a, { requests: [{ id: 'get', method: 'GET', url: `/v1/tasks/${SEED[0]}` }] });
    assert.equal(res.json().responses[0].status, 200);
    const other = await a.app.inject({ method: 'GET', url: `/v1/tasks/${SEED[0]}`, headers: { authorization: 'Bearer nope' } });
    assert.equal(other.statusCode, 401);
    const refused = await batch(a, { requests: [{ id: 'get', method: 'GET', url: `/v1/tasks/${SEED[0]}`, headers: { Authorization: 'Bearer x' } }] });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().code, 'batch-invalid');
    assert.deepEqual(refused.json().errors.map((e: { pointer: string }) => e.pointer), ['/requests/0/headers/Authorization']);
    // Without a key the batch itself is refused.
    const anonymous = await a.app.inject({ method: 'POST', url: '/v1/batch', payload: { requests: [{ id: 'g', method: 'GET', url: '/v1/task-types' }] } });
    assert.equal(anonymous.statusCode, 401);
  });

  test('the dispatch header means nothing over the network or with a made-up token', async () => {
    const res = await a.app.inject({ method: 'GET', url: '/v1/task-types', headers: { 'x-offload-dispatch': 'guess' } });
    assert.equal(res.statusCode, 401);
  });

  test('the structure is checked before anything runs: 422 batch-invalid with a pointer per problem', async () => {
    const cases: [string, unknown, string[]][] = [
      ['duplicate ids', [{ id: 'a', method: 'GET', url: '/v1/task-types' }, { id: 'a', method: 'GET', url: '/v1/task-types' }], ['/requests/1/id']],
      ['forward dependsOn', [{ id: 'a', method: 'GET', url: '/v1/task-types', dependsOn: ['b'] }, { id: 'b', method: 'GET', url: '/v1/task-types' }], ['/requests/0/dependsOn/0']],
      ['unknown dependsOn', [{ id: 'a', method: 'GET', url: '/v1/task-types', dependsOn: ['zz'] }], ['/requests/0/dependsOn/0']],
      ['self dependsOn', [{ id: 'a', method: 'GET', url: '/v1/task-types', dependsOn: ['a'] }], ['/requests/0/dependsOn/0']],
      [
        'non-adjacent group',
        [
          { id: 'a', method: 'POST', url: '/v1/task-ids', atomicityGroup: 'g' },
          { id: 'b', method: 'GET', url: '/v1/task-types' },
          { id: 'c', method: 'POST', url: '/v1/task-ids', atomicityGroup: 'g' },
        ],
        ['/requests/2/atomicityGroup'],
      ],
      ['nested batch', [{ id: 'a', method: 'POST', url: '/v1/batch', body: { requests: [] } }], ['/requests/0/url']],
      ['outside /v1/', [{ id: 'a', method: 'GET', url: '/openapi.json' }], ['/requests/0/url']],
      ['absolute URL', [{ id: 'a', method: 'GET', url: 'http://elsewhere/v1/tasks' }], ['/requests/0/url']],
      ['dot segments', [{ id: 'a', method: 'GET', url: '/v1/../openapi.json' }], ['/requests/0/url']],
      ['streaming route', [{ id: 'a', method: 'GET', url: `/v1/tasks/${SEED[0]}/events` }], ['/requests/0/url']],
      ['$ref not in dependsOn', [{ id: 'a', method: 'GET', url: '/v1/task-types' }, { id: 'b', method: 'POST', url: '/v1/tasks', body: { type: 'echo', input: { x: { $ref: 'a#/items' } } } }], ['/requests/1/body/input/x']],
      ['$<id> not in dependsOn', [{ id: 'a', method: 'POST', url: '/v1/tasks', body: { type: 'echo', input: {} } }, { id: 'b', method: 'GET', url: '$a' }], ['/requests/1/url']],
      ['GET with a body', [{ id: 'a', method: 'GET', url: '/v1/task-types', body: {} }], ['/requests/0/body']],
      ['framing header', [{ id: 'a', method: 'GET', url: '/v1/task-types', headers: { 'content-length': '5' } }], ['/requests/0/headers/content-length']],
    ];
    for (const [label, requests, pointers] of cases) {
      const res = await batch(a, { requests });
      assert.equal(res.statusCode, 422, `${label}: ${res.body}`);
      assert.equal(res.json().code, 'batch-invalid', label);
      assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), pointers, label);
    }
    const tooMany = Array.from({ length: DEFAULTS.limits.batchMaxRequests + 1 }, (_, i) => ({ id: `r${i}`, method: 'GET', url: '/v1/task-types' }));
    const res = await batch(a, { requests: tooMany });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/requests']);
    const deep = Array.from({ length: DEFAULTS.limits.batchMaxDepth + 2 }, (_, i) => ({ id: `r${i}`, method: 'GET', url: '/v1/task-types', dependsOn: i === 0 ? [] : [`r${i - 1}`] }));
    const deepRes = await batch(a, { requests: deep });
    assert.equal(deepRes.statusCode, 422);
    assert.equal(deepRes.json().errors[0].pointer, `/requests/${DEFAULTS.limits.batchMaxDepth + 1}/dependsOn`);
    // A JSON Schema's own $ref (no "<id>#" prefix) is data, sent as it is.
    const literal = await batch(a, { requests: [{ id: 'a', method: 'POST', url: '/v1/tasks', body: { type: 'echo', input: { schema: { $ref: '#/definitions/x' } } } }] });
    assert.equal(literal.json().responses[0].status, 202);
  });
});
