import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  isProblem,
  NotFoundError,
  OffloadClient,
  OffloadError,
} from '../../src/client/offload-client.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// Errors by family with their problem, code and Retry-After; listings as async iterators.

let server: OffloadServer;
let client: OffloadClient;

describe('client errors and paging', () => {
  before(async () => {
    server = await startOffloadServer();
    client = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey });
  });
  after(() => server?.close());

  test('listAll() and pages() follow nextCursor through every page', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, metadata: { paging: 'yes' } })).task.id);
    const pages = [];
    for await (const page of client.pages({ metadata: { paging: 'yes' }, limit: 2 })) pages.push(page.items.map((t) => t.id));
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
    const all = [];
    for await (const task of client.listAll({ metadata: { paging: 'yes' }, limit: 2 })) all.push(task.id);
    assert.deepEqual(all, [...ids].reverse(), 'every task once, newest first');
  });

  test('a result that is not ready is a NotFoundError with its code, the task status and Retry-After', async () => {
    const { task } = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 3000 } });
    const err = await client.result(task.id).catch((e: unknown) => e);
    assert.ok(err instanceof NotFoundError, String(err));
    assert.ok(err instanceof OffloadError);
    assert.equal(err.status, 404);
    assert.equal(err.code, 'result-not-ready');
    assert.ok(isProblem(err, 'result-not-ready'));
    assert.equal(err.problem.taskId, task.id);
    assert.ok(err.retryAfter !== null && err.retryAfter >= 1, `retryAfter ${err.retryAfter}`);
    await client.cancel(task.id);
  });

  test('a failed task’s result is a ConflictError carrying the task’s error', async () => {
    const { task } = await client.submit({ type: 'fails', input: { reason: 'no' } }, { prefer: 10 });
    assert.equal(task.status, 'failed');
    assert.equal(task.error?.code, 'permanent-failure');
    const err = await client.result(task.id).catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(err.code, 'task-failed');
    assert.equal(err.problem.error?.code, 'permanent-failure');
  });

  test('bad input, unknown ids and bad keys are errors of their families', async () => {
    const invalid = await client.submit({ type: 'steps', input: { steps: 'many', intervalMs: 0 } }).catch((e: unknown) => e);
    assert.ok(invalid instanceof InvalidRequestError, String(invalid));
    assert.equal(invalid.code, 'input-invalid');
    assert.equal(invalid.problem.errors?.[0]?.pointer, '/input/steps');

    const missing = await client.get('tsk_nosuchtask').catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError, String(missing));
    assert.equal(missing.code, 'task-not-found');

    const stranger = new OffloadClient({ baseUrl: server.url, apiKey: 'ok_not-a-key' });
    const denied = await stranger.list().catch((e: unknown) => e);
    assert.ok(denied instanceof AuthenticationError, String(denied));
    assert.equal(denied.status, 401);
    assert.ok(denied.requestId, 'the answer’s request id is kept, to find it in the logs');
  });
});
