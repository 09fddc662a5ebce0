import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { problemSchema } from '../../src/api/openapi.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';

// The problem registry, the OpenAPI document and the problem docs stay in step (docs/http-contract.md § Errors).

let db: TempStore;
let app: FastifyInstance;
let doc: Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

describe(onBackend('OpenAPI document and problem registry'), { skip: await backendSkip() }, () => {
  before(async () => {
    db = await tempStore();
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config: DEFAULTS }));
    app = await buildApp({ store: db.store, taskTypes, config: DEFAULTS });
    const res = await app.inject('/openapi.json');
    assert.equal(res.statusCode, 200);
    doc = res.json();
  });

  after(async () => {
    await app.close();
    await db.close();
  });

  test('GET /openapi.json is a valid OpenAPI 3.1 document', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc as never);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  test('every registry code appears in the document', () => {
    const problem = (doc.components as { schemas: Record<string, { properties: { code: { enum: string[] } } }> }).schemas
      .Problem;
    assert.ok(problem, 'components.schemas.Problem is missing');
    assert.deepEqual([...problem.properties.code.enum].sort(), Object.keys(PROBLEMS).sort());
    assert.deepEqual([...((doc.info as Record<string, string[]>)['x-problem-codes'] ?? [])].sort(), Object.keys(PROBLEMS).sort());
  });

  test('there is one Problem schema, the registry-aware one, and every problem response refers to it', () => {
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    const { $id: _id, ...expected } = problemSchema;
    assert.deepEqual(schemas.Problem, JSON.parse(JSON.stringify(expected)));
    const refs = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const res of Object.values(op.responses as Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>)) {
          const ref = res.content?.['application/problem+json']?.schema?.$ref;
          if (ref) refs.add(ref);
        }
      }
    }
    assert.deepEqual([...refs], ['#/components/schemas/Problem']);
  });

  test('task routes document the problems they answer (config.problems)', () => {
    const submit = ['unknown-task-type', 'input-invalid', 'custom-id-conflict', 'rate-limited', 'payload-too-large'];
    const idempotency = ['idempotency-key-reused', 'idempotency-key-in-flight'];
    const byId = ['task-not-found', 'task-gone'];
    const expected: Record<string, string[]> = {
      'post /v1/tasks': [...submit, ...idempotency],
      // PUT validates Idempotency-Key but is idempotent by the reserved id: no key records, no key conflicts.
      'put /v1/tasks/{id}': [...submit, 'reservation-not-found', 'task-id-conflict', 'task-gone'],
      'post /v1/tasks/bulk': [...submit, ...idempotency, 'bulk-item-invalid'],
      'get /v1/tasks/{id}': byId,
      'delete /v1/tasks/{id}': byId,
      'patch /v1/tasks/{id}': [...byId, 'precondition-required', 'precondition-failed', 'task-state-conflict'],
      'post /v1/tasks/{id}/cancel': [...byId, 'task-state-conflict'],
      'get /v1/tasks/{id}/result': [...byId, 'result-not-ready', 'task-failed', 'task-canceled'],
      // Every route with a path parameter: a segment that is not valid percent-encoding.
      'get /problems/{code}': ['malformed-request', 'not-found'],
    };
    for (const [operation, codes] of Object.entries(expected)) {
      const [method, path] = operation.split(' ') as [string, string];
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${operation} is documented`);
      const documented = new Set(op['x-problem-codes'] as string[]);
      for (const code of codes) assert.ok(documented.has(code), `${operation} documents ${code}`);
      if (method === 'put') for (const code of idempotency) assert.ok(!documented.has(code), `${operation} does not document ${code}`);
    }
    const result = doc.paths['/v1/tasks/{id}/result']?.get;
    assert.match(String(result?.description), /taskStatus/);
  });

  test('every operation documents its problem responses with registry codes and statuses', () => {
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        const codes = op['x-problem-codes'] as ProblemCode[] | undefined;
        assert.ok(codes && codes.length > 0, `${method} ${path} lists no problem codes`);
        const responses = op.responses as Record<string, { content?: Record<string, unknown> }>;
        for (const code of codes) {
          assert.ok(Object.hasOwn(PROBLEMS, code), `${method} ${path}: ${code} is not in the registry`);
          const response = responses[String(PROBLEMS[code].status)];
          assert.ok(response, `${method} ${path}: no ${PROBLEMS[code].status} response for ${code}`);
        }
      }
    }
    assert.ok(operations > 5, 'the document lists the routes');
    assert.ok(doc.paths['/v1/tasks'], 'the task routes are documented');
  });

  test('every problem type has a documentation page, and unknown codes are a 404 problem', async () => {
    for (const [code, spec] of Object.entries(PROBLEMS)) {
      const res = await app.inject(`/problems/${code}`);
      assert.equal(res.statusCode, 200, code);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.ok(res.body.includes(code), `${code} page names the code`);
      assert.ok(res.body.includes(String(spec.status)), `${code} page names the status`);
    }
    const index = await app.inject('/problems');
    assert.equal(index.statusCode, 200);
    for (const code of Object.keys(PROBLEMS)) assert.ok(index.body.includes(`/problems/${code}`), `index links ${code}`);

    const unknown = await app.inject('/problems/no-such-problem');
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    assert.equal(unknown.json().code, 'not-found');
  });

  test('GET /docs serves the browsable documentation without an API key', async () => {
    const res = await app.inject('/docs');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const init = await app.inject('/docs/static/swagger-initializer.js');
    assert.equal(init.statusCode, 200);
  });
});
