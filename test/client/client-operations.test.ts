import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  AuthenticationError,
  GoneError,
  isProblem,
  NotFoundError,
  OffloadClient,
  OffloadWorkerClient,
  OPERATIONS,
  type OperationId,
  PermissionError,
  type TaskDocument,
  type TaskEvent,
} from '../../src/client/offload-client.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// The client covers the API: its operation table is the served OpenAPI document's list of
// operations (same ids, methods and paths), and every `/v1` operation is called through a named
// method against a real server here (the worker protocol through OffloadWorkerClient with a worker
// key, the key routes with an admin key). A new route fails the first test until it has its row.

let server: OffloadServer;
let receiver: Server;
let receiverUrl: string;
const called = new Set<OperationId>();
let client: OffloadClient;

/** fetch, noting which operation each request was. */
const recording: typeof fetch = (input, init) => {
  const op = operationOf(String(init?.method ?? 'GET'), new URL(String(input)).pathname);
  if (op) called.add(op);
  return fetch(input, init);
};

/** Which operation a request was, by method and path (the table's templates). */
function operationOf(method: string, path: string): OperationId | undefined {
  return (Object.keys(OPERATIONS) as OperationId[]).find((id) => {
    const spec = OPERATIONS[id];
    const pattern = new RegExp(`^${spec.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    return spec.method === method && pattern.test(path);
  });
}

describe('client operations', () => {
  before(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startOffloadServer(
      { OFFLOAD_WEBHOOKS_ALLOW: '127.0.0.1', OFFLOAD_WEBHOOKS_ALLOW_HTTP: 'true' },
      {
        // `remote` has no code in the server: only HTTP workers run it.
        config: { httpTaskTypes: [{ type: 'remote', input: { type: 'object' }, maxAttempts: 3 }] },
        keys: { admin: ['--tenant', 'ops', '--admin'], worker: ['--tenant', 'client', '--worker', '--types', 'remote'] },
      },
    );
    client = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey, fetch: recording });
  });
  after(async () => {
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  test('the operation table is the served document’s operations', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const documented: Record<string, { method: string; path: string }> = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        assert.ok(op.operationId, `${method} ${path} has an operationId`);
        documented[op.operationId] = { method: method.toUpperCase(), path };
      }
    }
    const table = Object.fromEntries(Object.entries(OPERATIONS).map(([id, spec]) => [id, { method: spec.method, path: spec.path }]));
    assert.deepEqual(table, documented);
  });

  test('every /v1 operation is called through a named method', async () => {
    // Tasks.
    const submitted = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 } });
    await client.waitUntilDone(submitted.task.id);
    assert.deepEqual(await client.result(submitted.task.id), { steps: 1 });
    const events: TaskEvent[] = [];
    for await (const event of client.events(submitted.task.id)) events.push(event);
    assert.equal(events.at(-1)?.event, 'completed');
    assert.equal(events.at(-1)?.task.status, 'succeeded');

    const reserved = await client.reserveId();
    const put = await client.submitWithId(reserved.id, { type: 'steps', input: { steps: 1, intervalMs: 0 } });
    assert.equal(put.task.id, reserved.id);

    const bulk = await client.submitBulk([{ type: 'steps', input: { steps: 1, intervalMs: 0 } }]);
    assert.equal(bulk.items[0]?.status, 202);

    const later = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 }, delaySeconds: 3600 });
    const polled = await client.poll(later.task.id);
    assert.equal(polled.status, 200);
    const updated = await client.update(later.task.id, { priority: 7 }, { etag: String(polled.etag) });
    assert.equal(updated.task.priority, 7);
    assert.equal((await client.get(later.task.id)).priority, 7);
    assert.equal((await client.cancel(later.task.id)).status, 'canceled');
    assert.deepEqual(await client.destroy(later.task.id), { stopping: false });

    const page = await client.list({ limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok((await client.taskTypes()).some((t) => t.type === 'steps'));

    // An execution group: two tasks submitted together, both succeeded.
    const grouped = await client.submitBulk([
      { type: 'steps', input: { steps: 1, intervalMs: 0 }, group: { atomic: true } },
      { type: 'steps', input: { steps: 2, intervalMs: 0 }, group: { atomic: true } },
    ]);
    const memberIds = grouped.items.map((item) => String(item.task?.id));
    for (const id of memberIds) await client.waitUntilDone(id);
    const groupId = (await client.get(memberIds[0]!)).group?.id;
    assert.ok(groupId, 'the members were given a group');
    const group = await client.getTaskGroup(groupId);
    assert.equal(group.status, 'succeeded');
    assert.equal(group.atomic, true);
    assert.deepEqual(group.members.map((m) => m.id).sort(), [...memberIds].sort());
    assert.ok(group.members.every((m) => m.status === 'succeeded' && !m.compensated), JSON.stringify(group.members));
    const noGroup = await client.getTaskGroup('grp_nope').catch((e: unknown) => e);
    assert.ok(isProblem(noGroup, 'task-group-not-found'), String(noGroup));

    // Files: bytes round-trip (sha256) by upload, content, range and a signed link; then deleted.
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) % 251);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const uploaded = await client.files.upload(bytes, { name: 'data.bin' });
    assert.deepEqual([uploaded.name, uploaded.size, uploaded.sha256, uploaded.contentType], ['data.bin', bytes.length, sha256, 'application/octet-stream']);
    const note = await client.files.upload(new Blob(['hello, files'], { type: 'text/plain' }), { name: 'note.txt' });
    assert.equal(note.contentType, 'text/plain');
    assert.deepEqual((await client.files.list({ limit: 10 })).items.map((f) => f.id), [note.id, uploaded.id], 'newest first');
    const allFiles: string[] = [];
    for await (const f of client.files.listAll({ limit: 1 })) allFiles.push(f.id);
    assert.deepEqual(allFiles, [note.id, uploaded.id], 'one page at a time');
    const meta = await client.files.get(uploaded.id);
    assert.equal(meta.sha256, sha256);
    const whole = await client.files.content(uploaded.id);
    assert.deepEqual([whole.status, whole.size, whole.etag, whole.name], [200, bytes.length, `"${sha256}"`, 'data.bin']);
    assert.equal(createHash('sha256').update(await whole.bytes()).digest('hex'), sha256);
    const part = await client.files.content(uploaded.id, { range: { offset: 1000, length: 300 } });
    assert.deepEqual([part.status, part.range, part.size], [206, { offset: 1000, length: 300 }, bytes.length]);
    assert.deepEqual(await part.bytes(), bytes.subarray(1000, 1300));
    const viaLink = await client.files.download(meta.href);
    assert.equal(createHash('sha256').update(await viaLink.bytes()).digest('hex'), sha256);
    assert.equal(await (await client.files.download(note.href)).text(), 'hello, files');
    await client.files.delete(uploaded.id);
    await client.files.delete(note.id);
    const goneFile = await client.files.get(uploaded.id).catch((e: unknown) => e);
    assert.ok(goneFile instanceof GoneError && goneFile.code === 'file-gone', String(goneFile));
    const goneLink = await client.files.download(meta.href).catch((e: unknown) => e);
    assert.ok(isProblem(goneLink, 'file-gone'), String(goneLink));

    // Batches: one answered at once (a sub-request reads another's task through its Location), and
    // one stored and followed to its end.
    const steps = { type: 'steps', input: { steps: 1, intervalMs: 0 } };
    const answered = await client.batches.submit([
      { id: 'make', method: 'POST', url: '/v1/tasks', body: steps },
      { id: 'read', method: 'GET', url: '$make', dependsOn: ['make'] },
    ]);
    assert.equal(answered.status, 200);
    assert.deepEqual(answered.responses.map((r) => [r.id, r.status]), [['make', 202], ['read', 200]]);
    const made = answered.responses[0]!.body as TaskDocument;
    assert.equal((answered.responses[1]!.body as TaskDocument).id, made.id);
    await client.waitUntilDone(made.id);
    const accepted = await client.batches.submit([{ id: 'one', method: 'POST', url: '/v1/tasks', body: steps }], { async: true });
    assert.equal(accepted.status, 202);
    assert.match(accepted.batch.id, /^bat_/);
    assert.equal(accepted.location, `/v1/batches/${accepted.batch.id}`);
    const batchUpdates: string[] = [];
    const finished = await client.batches.waitUntilDone(accepted.batch.id, { timeoutMs: 30_000, onUpdate: (b) => batchUpdates.push(b.status) });
    assert.equal(finished.status, 'completed');
    assert.equal(batchUpdates.at(-1), 'completed');
    assert.deepEqual(finished.responses.map((r) => [r.id, r.status]), [['one', 202]]);
    assert.equal(finished.tasks.byStatus.succeeded, 1);
    assert.equal((await client.batches.get(accepted.batch.id)).completedAt, finished.completedAt);
    assert.deepEqual((await client.batches.list({ status: ['completed'] })).items.map((b) => b.id), [accepted.batch.id]);
    const allBatches: string[] = [];
    for await (const b of client.batches.listAll({ limit: 1 })) allBatches.push(b.id);
    assert.deepEqual(allBatches, [accepted.batch.id], 'a synchronous batch is not stored');

    // Webhooks (the endpoint is a receiver on loopback, allowed by the server's configuration).
    const endpoint = await client.createWebhookEndpoint({ url: receiverUrl, eventTypes: ['task.succeeded'] });
    assert.ok(endpoint.secret?.startsWith('whsec_'));
    assert.deepEqual((await client.listWebhookEndpoints()).map((e) => e.id), [endpoint.id]);
    assert.equal((await client.getWebhookEndpoint(endpoint.id)).url, receiverUrl);
    assert.equal((await client.updateWebhookEndpoint(endpoint.id, { description: 'client test' })).description, 'client test');
    assert.ok((await client.rotateWebhookEndpointSecret(endpoint.id, { overlapSeconds: 60 })).secret);
    const hooked = await client.submit({ type: 'steps', input: { steps: 1, intervalMs: 0 } });
    await client.waitUntilDone(hooked.task.id);
    let deliveries = await client.listWebhookDeliveries(endpoint.id);
    for (let i = 0; i < 100 && deliveries.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = await client.listWebhookDeliveries(endpoint.id);
    }
    const delivery = deliveries[0];
    assert.ok(delivery, 'the succeeded event was delivered');
    assert.equal((await client.redeliverWebhook(endpoint.id, delivery.id)).id, delivery.id);
    await client.deleteWebhookEndpoint(endpoint.id);
    assert.deepEqual(await client.listWebhookEndpoints(), []);

    const created = await client.rotateWebhookCallbackSecret();
    assert.equal(created.created, true);
    assert.ok(created.secret);
    assert.equal((await client.getWebhookCallbackSecret()).secret, undefined, 'the secret is shown once');

    // A task retried by hand: same id, one more attempt.
    const failing = await client.submit({ type: 'fails', input: { reason: 'first' } });
    assert.equal((await client.waitUntilDone(failing.task.id)).status, 'failed');
    const retried = await client.retry(failing.task.id);
    assert.equal(retried.id, failing.task.id);
    assert.ok(['queued', 'running', 'failed'].includes(retried.status), retried.status);
    const refailed = await client.waitUntilDone(failing.task.id);
    assert.equal(refailed.status, 'failed');
    assert.equal(refailed.attempts.count, 2);

    // Queues and schedules.
    assert.ok((await client.listQueues()).some((q) => q.type === 'steps' && !q.paused && !q.http));
    const throughput = await client.queueThroughput({ type: 'steps', minutes: 5 });
    assert.equal(throughput.bucketSeconds, 60);
    assert.equal(throughput.points.length >= 5, true);
    assert.deepEqual(await client.pauseQueue('steps'), { type: 'steps', paused: true, pausedForEveryTenant: false });
    assert.equal((await client.listQueues()).find((q) => q.type === 'steps')?.paused, true);
    assert.deepEqual(await client.resumeQueue('steps'), { type: 'steps', paused: false, pausedForEveryTenant: false });
    const unknownQueue = await client.pauseQueue('no-such-type').catch((e: unknown) => e);
    assert.ok(unknownQueue instanceof NotFoundError && unknownQueue.code === 'queue-not-found', String(unknownQueue));

    const schedule = await client.createSchedule({
      cron: '0 9 1 1 *',
      timezone: 'Europe/Berlin',
      task: { type: 'steps', input: { steps: 1, intervalMs: 0 } },
      overlap: 'skip',
    });
    assert.match(schedule.id, /^sch_/);
    assert.equal(schedule.paused, false);
    assert.ok(schedule.nextRunAt);
    assert.deepEqual((await client.listSchedules({ limit: 1 })).items.map((s) => s.id), [schedule.id]);
    const allSchedules = [];
    for await (const s of client.listAllSchedules({ limit: 1 })) allSchedules.push(s.id);
    assert.deepEqual(allSchedules, [schedule.id]);
    assert.deepEqual((await client.getSchedule(schedule.id)).task, { type: 'steps', input: { steps: 1, intervalMs: 0 } });
    const paused = await client.pauseSchedule(schedule.id);
    assert.equal(paused.paused, true);
    assert.equal(paused.nextRunAt, null);
    assert.equal((await client.resumeSchedule(schedule.id)).paused, false);
    await client.deleteSchedule(schedule.id);
    const deleted = await client.getSchedule(schedule.id).catch((e: unknown) => e);
    assert.ok(isProblem(deleted, 'schedule-not-found'), String(deleted));

    // The worker protocol, with a worker key: it may claim and report `remote` tasks, nothing else.
    const worker = new OffloadWorkerClient({ baseUrl: server.url, apiKey: server.keys.worker!, fetch: recording });
    const remote = await client.submit({ type: 'remote', input: { n: 2 } });
    const [leased, ...more] = await worker.claim({ types: ['remote'], max: 5, workerId: 'client-test' });
    assert.ok(leased);
    assert.deepEqual(more, []);
    assert.equal(leased.id, remote.task.id);
    assert.deepEqual(leased.input, { n: 2 });
    assert.equal(leased.attempt, 1);
    const beat = await worker.heartbeat(leased.leaseToken);
    assert.equal(beat.taskId, leased.id);
    assert.equal(beat.cancelRequested, false);
    await worker.progress(leased.leaseToken, { percent: 50, message: 'half way' });
    const during = await client.get(leased.id);
    assert.equal(during.progress.percent, 50);
    assert.equal(during.progress.source, 'reported');
    assert.deepEqual(await worker.fail(leased.leaseToken, { message: 'try again', retryAfterSeconds: 0 }), { taskId: leased.id, recorded: 'retried' });
    const [again] = await worker.claim({ types: ['remote'], waitSeconds: 5, workerId: 'client-test' });
    assert.ok(again);
    assert.equal(again.attempt, 2);
    assert.deepEqual(await worker.complete(again.leaseToken, { doubled: 4 }), { taskId: leased.id, recorded: 'succeeded' });
    assert.deepEqual(await client.result(leased.id), { doubled: 4 });
    const late = await worker.complete(leased.leaseToken, { stale: true }).catch((e: unknown) => e);
    assert.ok(isProblem(late, 'lease-lost'), `a report for a finished attempt is fenced: ${String(late)}`);
    const workers = await client.listWorkers();
    assert.ok(workers.some((w) => w.kind === 'http' && w.name === 'client-test' && w.types.includes('remote')), JSON.stringify(workers));
    assert.ok(workers.some((w) => w.kind === 'runner'), JSON.stringify(workers));
    const workerOnTasks = await new OffloadClient({ baseUrl: server.url, apiKey: server.keys.worker! }).list().catch((e: unknown) => e);
    assert.ok(workerOnTasks instanceof PermissionError, String(workerOnTasks));

    // The caller, and keys (an admin key).
    assert.deepEqual({ ...(await client.me()), keyId: undefined }, { keyId: undefined, tenant: 'client', role: 'tenant' });
    const admin = new OffloadClient({ baseUrl: server.url, apiKey: server.keys.admin!, fetch: recording });
    assert.equal((await admin.me()).role, 'admin');
    const madeKey = await admin.createApiKey({ tenant: 'other', name: 'made by the client' });
    assert.match(String(madeKey.key), /^ok_/);
    assert.equal(madeKey.admin, false);
    const otherKeys = await admin.listApiKeys({ tenant: 'other' });
    assert.deepEqual(otherKeys.map((k) => [k.id, k.name, k.key]), [[madeKey.id, 'made by the client', undefined]]);
    const other = new OffloadClient({ baseUrl: server.url, apiKey: String(madeKey.key) });
    assert.equal((await other.me()).tenant, 'other');
    await admin.revokeApiKey(madeKey.id);
    assert.notEqual((await admin.listApiKeys({ tenant: 'other' }))[0]?.revokedAt, null);
    const revoked = await other.me().catch((e: unknown) => e);
    assert.ok(revoked instanceof AuthenticationError, String(revoked));
    const notAdmin = await client.listApiKeys().catch((e: unknown) => e);
    assert.ok(notAdmin instanceof PermissionError, String(notAdmin));

    const v1 = (Object.keys(OPERATIONS) as OperationId[]).filter((id) => OPERATIONS[id].path.startsWith('/v1/'));
    assert.ok(v1.length >= 22);
    assert.deepEqual(v1.filter((id) => !called.has(id)), [], 'operations not called');
  });

  test('call() reaches any operation by its id', async () => {
    const health = await client.call<{ status: string }>('getHealth');
    assert.deepEqual(health.data, { status: 'ok' });
    const problem = await client.call('getProblemType', { path: { code: 'task-gone' } });
    assert.match(String(problem.data), /task-gone/);
  });
});
