import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OffloadClient, type TaskDocument, WaitTimeoutError } from '../../src/client/offload-client.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// `wait()` reports every change of a task as it happens: it long-polls (Prefer: wait + the ETag it
// has), so changes that come faster than the server's Retry-After are all seen — here the
// Retry-After is 5 s and the task reports five steps 400 ms apart.

let server: OffloadServer;
let client: OffloadClient;

describe('client wait()', () => {
  before(async () => {
    server = await startOffloadServer({ OFFLOAD_RETRY_AFTER_MIN_SECONDS: '5', OFFLOAD_RETRY_AFTER_DEFAULT_SECONDS: '5' });
    client = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey });
  });
  after(() => server?.close());

  test('yields every change, from the current document to the terminal one, faster than Retry-After', async () => {
    const submitted = await client.submit({ type: 'steps', input: { steps: 5, intervalMs: 400 } }, { prefer: 'async' });
    assert.ok((submitted.retryAfter ?? 0) >= 5, `the server asks to come back in ${submitted.retryAfter} s`);
    const started = Date.now();
    const seen: TaskDocument[] = [];
    for await (const task of client.wait(submitted.task.id)) seen.push(task);
    const elapsed = Date.now() - started;
    const steps = seen.map((t) => t.progress.message).filter((m) => m?.startsWith('step'));
    assert.deepEqual([...new Set(steps)], ['step 1 of 5', 'step 2 of 5', 'step 3 of 5', 'step 4 of 5', 'step 5 of 5'], 'every step was reported');
    assert.equal(seen.at(-1)?.status, 'succeeded');
    assert.equal(seen.filter((t) => t.status === 'succeeded').length, 1, 'ends with the terminal document');
    assert.ok(elapsed < 5000, `followed within one Retry-After (${elapsed} ms)`);
    for (let i = 1; i < seen.length; i++) assert.notDeepEqual(seen[i], seen[i - 1], 'each document is a change');
  });

  test('waitUntilDone returns the terminal document and shows every one on the way', async () => {
    const { task } = await client.submit({ type: 'steps', input: { steps: 2, intervalMs: 300 } });
    const updates: string[] = [];
    const done = await client.waitUntilDone(task.id, { onUpdate: (t) => updates.push(t.status) });
    assert.equal(done.status, 'succeeded');
    assert.equal(updates.at(-1), 'succeeded');
    assert.ok(updates.length >= 2, updates.join(','));
  });

  test('a wait that runs out of time throws WaitTimeoutError, without waiting for the long-poll to end', async () => {
    const { task } = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 5000 } });
    const started = Date.now();
    const err = await client.waitUntilDone(task.id, { timeoutMs: 700 }).catch((e: unknown) => e);
    assert.ok(err instanceof WaitTimeoutError, String(err));
    assert.equal(err.taskId, task.id);
    assert.ok(Date.now() - started < 3000, `gave up in time (${Date.now() - started} ms)`);
    await client.cancel(task.id);
  });

  test('the caller can stop following by breaking out of the loop', async () => {
    const { task } = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 3000 } });
    const started = Date.now();
    for await (const doc of client.wait(task.id)) {
      assert.equal(doc.id, task.id);
      break;
    }
    assert.ok(Date.now() - started < 2000);
    await client.cancel(task.id);
  });
});
