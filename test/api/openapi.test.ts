import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { PROBLEMS, type ProblemCode } from '../../src/domain/problems.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { tempSqliteStore } from '../helpers/sqlite.ts';

// STYLE.md §9: the problem registry, the OpenAPI document and the problem docs stay in step.

let db: Awaited<ReturnType<typeof tempSqliteStore>>;
let app: FastifyInstance;
let doc: Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

before(async () => {
  db = await tempSqliteStore();
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
