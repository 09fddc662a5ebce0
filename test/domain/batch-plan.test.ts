import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BatchRequest, createdTaskIds, planBatch, validateBatch } from '../../src/domain/batch-plan.ts';
import { batchWorkProgress } from '../../src/domain/batch-progress.ts';
import { pointerGet, referencesIn, resolveBody, resolveUrl } from '../../src/domain/batch-references.ts';

// The pure parts of batches: structure, plan (units in topological order), references, the tasks a
// sub-response created, and the work progress of a batch's tasks.

const rules = { maxRequests: 10, maxDepth: 3, streams: (_m: string, p: string) => p.endsWith('/events') };
const r = (id: string, over: Partial<BatchRequest> = {}): BatchRequest => ({ id, method: 'GET', url: '/v1/task-types', ...over });

describe('batch plan', () => {
  test('units: singles and atomicity groups in request order, each after what it depends on outside itself', () => {
    const plan = planBatch([r('a'), r('b', { atomicityGroup: 'g', dependsOn: ['a'] }), r('c', { atomicityGroup: 'g', dependsOn: ['b'] }), r('d', { dependsOn: ['c', 'a'] })]);
    assert.deepEqual(plan, [
      { members: [0], group: null, after: [] },
      { members: [1, 2], group: 'g', after: [0] },
      { members: [3], group: null, after: [0, 2] },
    ]);
  });

  test('validation: depth is the longest dependsOn chain; a valid batch has no errors', () => {
    assert.deepEqual(validateBatch([r('a'), r('b', { dependsOn: ['a'] }), r('c', { dependsOn: ['b'] })], rules), []);
    const deep = validateBatch([r('a'), r('b', { dependsOn: ['a'] }), r('c', { dependsOn: ['b'] }), r('d', { dependsOn: ['c'] }), r('e', { dependsOn: ['d'] })], rules);
    assert.deepEqual(deep.map((e) => e.pointer), ['/requests/4/dependsOn']);
    assert.deepEqual(validateBatch([r('a', { url: '/v1/tasks/x/events' })], rules).map((e) => e.pointer), ['/requests/0/url']);
    assert.deepEqual(validateBatch([r('a', { url: '/v1/BATCH' })], rules), [], 'paths are case-sensitive: /v1/BATCH is no route, answered 404 by the router');
  });

  test('references: found with their place in the body, resolved from earlier answers', () => {
    const body = { a: [{ $ref: 'x#/id' }], b: { $ref: '#/definitions/y' }, c: { $ref: 'x#/id', other: 1 } };
    assert.deepEqual(referencesIn(body), [{ at: '/a/0', id: 'x', pointer: '/id' }]);
    const answers = new Map([['x', { status: 202, headers: { location: '/v1/tasks/tsk_1' }, body: { id: 'tsk_1', 'a/b': [5], '~': 6 } }]]);
    assert.deepEqual(resolveBody(body, answers), { ok: true, value: { a: ['tsk_1'], b: { $ref: '#/definitions/y' }, c: { $ref: 'x#/id', other: 1 } } });
    assert.deepEqual(pointerGet(answers.get('x')!.body, '/a~1b/0'), { ok: true, value: 5 });
    assert.deepEqual(pointerGet(answers.get('x')!.body, '/~0'), { ok: true, value: 6 });
    assert.equal(pointerGet(answers.get('x')!.body, '/nope').ok, false);
    assert.deepEqual(resolveUrl('$x/cancel', answers), { ok: true, value: '/v1/tasks/tsk_1/cancel' });
    assert.equal(resolveUrl('$y', answers).ok, false);
    const proto = resolveBody(JSON.parse('{"__proto__": {"$ref": "x#/id"}}'), answers);
    assert.ok(proto.ok && Object.hasOwn(proto.value as object, '__proto__'), 'a member named __proto__ stays a member');
  });

  test('created tasks: a submission’s Location, a bulk answer’s items; not reads or failures', () => {
    const id = `tsk_${'1'.repeat(26)}`;
    assert.deepEqual(createdTaskIds('POST', 202, { location: `/v1/tasks/${id}` }, {}), [id]);
    assert.deepEqual(createdTaskIds('POST', 200, { location: `/v1/tasks/${id}/cancel` }, { id }), []);
    assert.deepEqual(createdTaskIds('POST', 202, {}, { items: [{ task: { id } }, { error: {} }] }), [id]);
    assert.deepEqual(createdTaskIds('GET', 200, { location: `/v1/tasks/${id}` }, {}), []);
    assert.deepEqual(createdTaskIds('POST', 422, { location: `/v1/tasks/${id}` }, {}), []);
  });
});

describe('batch work progress', () => {
  const row = (status: 'queued' | 'running' | 'succeeded' | 'failed', count: number, over = {}) => ({
    type: 't', status, count, reported: 0, reportedPercentSum: 0, started: 0, elapsedMsSum: 0, ...over,
  });

  test('finished tasks count 100 %, running ones their reported or estimated percent, waiting ones 0', () => {
    const now = 1_000_000;
    const p = batchWorkProgress({
      rows: [row('succeeded', 1), row('failed', 1), row('running', 2, { reported: 1, reportedPercentSum: 50, started: 2, elapsedMsSum: 1000 }), row('queued', 4)],
      stats: new Map([['t', { count: 10, meanMs: 1000 }]]),
      parallelism: () => 2,
      now,
    });
    // (100 + 100 + 50 + 50 [500 ms of a 1000 ms mean] + 0) / 8
    assert.equal(p.percent, 37.5);
    assert.equal(p.total, 8);
    assert.equal(p.byStatus.queued, 4);
    assert.equal(p.finished, false);
    // Remaining: 4 queued × 1000 + 2 running × 500 = 5000 ms of work at parallelism 2.
    assert.equal(p.estimatedCompletionAt, now + 2500);
  });

  test('no estimate without statistics; all finished is 100 % with no estimate', () => {
    const unknown = batchWorkProgress({ rows: [row('queued', 1)], stats: new Map(), parallelism: () => 1, now: 0 });
    assert.equal(unknown.estimatedCompletionAt, null);
    const done = batchWorkProgress({ rows: [row('succeeded', 3)], stats: new Map(), parallelism: () => 1, now: 0 });
    assert.deepEqual([done.percent, done.finished, done.estimatedCompletionAt], [100, true, null]);
  });
});
