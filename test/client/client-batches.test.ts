import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BatchDocument, InvalidRequestError, isProblem, OffloadClient, type TaskDocument, WaitTimeoutError } from '../../src/client/offload-client.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// `client.batches` against a real `offload serve`: a synchronous batch answers every sub-request
// (a failed one is its sub-response, not an error), and a stored batch is followed by long-poll —
// every change seen as it happens, faster than the 5 s Retry-After this server asks for.

let server: OffloadServer;
let client: OffloadClient;

const steps = (count: number, intervalMs: number) => ({ type: 'steps', input: { steps: count, intervalMs } });
const STATUS_ORDER = ['accepted', 'running', 'dispatched', 'completed'];

describe('client batches', () => {
  before(async () => {
    server = await startOffloadServer({ OFFLOAD_RETRY_AFTER_MIN_SECONDS: '5', OFFLOAD_RETRY_AFTER_DEFAULT_SECONDS: '5' });
    client = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey });
  });
  after(() => server?.close());

  test('a synchronous batch answers each sub-request in order; a refused one is its sub-response', async () => {
    const answered = await client.batches.submit([
      { id: 'bad', method: 'POST', url: '/v1/tasks', body: { type: 'no-such-type', input: {} } },
      { id: 'after-bad', method: 'GET', url: '$bad', dependsOn: ['bad'] },
      { id: 'good', method: 'POST', url: '/v1/tasks', body: steps(1, 0), headers: { 'idempotency-key': '"batch-good"' } },
      { id: 'ref', method: 'POST', url: '/v1/tasks', body: { ...steps(1, 0), metadata: { parent: { $ref: 'good#/id' } } }, dependsOn: ['good'] },
    ]);
    assert.deepEqual(answered.responses.map((r) => [r.id, r.status, (r.body as { code?: string } | null)?.code]), [
      ['bad', 422, 'unknown-task-type'],
      ['after-bad', 424, 'dependency-failed'],
      ['good', 202, undefined],
      ['ref', 202, undefined],
    ]);
    const good = answered.responses[2]!.body as TaskDocument;
    assert.deepEqual((answered.responses[3]!.body as TaskDocument).metadata, { parent: good.id });

    const invalid = await client.batches.submit([{ id: 'x', method: 'GET', url: '/v1/me', dependsOn: ['later'] }]).catch((e: unknown) => e);
    assert.ok(invalid instanceof InvalidRequestError && isProblem(invalid, 'batch-invalid'), String(invalid));
    assert.ok(invalid.problem.errors?.some((e) => e.pointer.startsWith('/requests/0/dependsOn')), JSON.stringify(invalid.problem.errors));
  });

  test('wait() follows a stored batch by long-poll: every change, to completed, within one Retry-After', async () => {
    const accepted = await client.batches.submit([{ id: 'a', method: 'POST', url: '/v1/tasks', body: steps(4, 300) }], { async: true });
    assert.ok((accepted.retryAfter ?? 0) >= 5, `the server asks to come back in ${accepted.retryAfter} s`);
    const started = Date.now();
    const seen: BatchDocument[] = [];
    for await (const batch of client.batches.wait(accepted.batch.id, { timeoutMs: 30_000 })) seen.push(batch);
    const elapsed = Date.now() - started;
    assert.equal(seen.at(-1)?.status, 'completed');
    assert.equal(seen.filter((b) => b.status === 'completed').length, 1, 'ends with the completed document');
    const order = seen.map((b) => STATUS_ORDER.indexOf(b.status));
    assert.deepEqual(order, [...order].sort((x, y) => x - y), `statuses in order: ${seen.map((b) => b.status).join(', ')}`);
    const percents = seen.map((b) => b.tasks.percent);
    assert.ok(percents.some((p) => p > 0 && p < 100), `progress seen on the way: ${percents.join(', ')}`);
    assert.ok(elapsed < 5000, `followed within one Retry-After (${elapsed} ms)`);

    const listed = await client.batches.list({ status: ['dispatched', 'completed'] });
    assert.ok(listed.items.some((b) => b.id === accepted.batch.id));
    assert.deepEqual((await client.batches.list({ status: 'accepted' })).items, []);
  });

  test('until: dispatched returns once every sub-request answered, before the tasks finish', async () => {
    const accepted = await client.batches.submit(
      [
        { id: 'a', method: 'POST', url: '/v1/tasks', body: steps(2, 1500) },
        { id: 'b', method: 'GET', url: '$a', dependsOn: ['a'] },
      ],
      { async: true },
    );
    const dispatched = await client.batches.waitUntilDone(accepted.batch.id, { until: 'dispatched', timeoutMs: 10_000 });
    assert.equal(dispatched.status, 'dispatched');
    assert.deepEqual(dispatched.responses.map((r) => [r.id, r.status]), [['a', 202], ['b', 200]]);
    assert.notEqual(dispatched.tasks.byStatus.succeeded ?? 0, dispatched.tasks.total, 'its task is still running');

    const err = await client.batches.waitUntilDone(accepted.batch.id, { timeoutMs: 500 }).catch((e: unknown) => e);
    assert.ok(err instanceof WaitTimeoutError, String(err));
    assert.deepEqual([err.id, err.resource], [accepted.batch.id, 'batch']);
    assert.equal((await client.batches.waitUntilDone(accepted.batch.id, { timeoutMs: 15_000 })).status, 'completed');
  });
});
