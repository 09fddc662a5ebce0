import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { runDueSchedules } from '../../src/operations/schedule-ticks.ts';
import { createSubmitter } from '../../src/operations/submitter.ts';
import type { Store } from '../../src/store/store.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type WorkerApi, workerApi } from '../helpers/worker-api.ts';

// Recurring tasks: the routes, and the ticks (runDueSchedules, what every node runs) — one task per
// tick however many stores look, one catch-up after missed ticks, overlap: skip.

describe(onBackend('schedules'), { skip: await backendSkip() }, () => {
  let w: WorkerApi;
  let tenant: string;
  before(async () => {
    w = await workerApi();
    tenant = await w.key('acme');
  });
  after(() => w?.close());

  const create = (payload: Record<string, unknown>, auth = tenant) => w.as(auth, { method: 'POST', url: '/v1/schedules', payload });
  const ticks = (at: number, store: Store = w.store) =>
    runDueSchedules(store, {
      config: w.config,
      submitter: createSubmitter({ taskTypes: taskTypesOf(w.registry), config: w.config }),
      now: () => at,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  const tasksOf = async (scheduleId: string) =>
    (await w.store.taskList({ tenant: 'acme', metadata: { scheduleId }, limit: 500 })).tasks.sort((a, b) => a.seq - b.seq);

  test('invalid schedules are 422 with pointers; nothing is stored', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ cron: 'every minute', task: { type: 'noop', input: {} } }, 'validation-failed', '/cron'],
      [{ cron: '* * * * *', timezone: 'Mars/Olympus', task: { type: 'noop', input: {} } }, 'validation-failed', '/timezone'],
      [{ cron: '0 0 30 2 *', task: { type: 'noop', input: {} } }, 'validation-failed', '/cron'],
      [{ cron: '* * * * *', task: { type: 'no-such', input: {} } }, 'unknown-task-type', ''],
      [{ cron: '* * * * *', task: { type: 'resize', input: { width: 'wide' } } }, 'input-invalid', '/task/input/width'],
      [{ cron: '* * * * *', task: { type: 'noop', input: {}, customId: 'x' } }, 'validation-failed', '/task/customId'],
      [{ cron: '* * * * *', task: { type: 'noop', input: {}, metadata: { scheduleId: 'mine' } } }, 'validation-failed', '/task/metadata/scheduleId'],
      [{ cron: '* * * * *', task: { type: 'noop' } }, 'validation-failed', '/task/input'],
    ];
    for (const [payload, code, pointer] of cases) {
      const res = await create(payload);
      assert.equal(res.statusCode, 422, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, code, res.body);
      if (pointer) assert.ok(res.json().errors.some((e: { pointer: string }) => e.pointer === pointer), res.body);
    }
    assert.deepEqual((await w.as(tenant, { method: 'GET', url: '/v1/schedules' })).json().items, []);
  });

  test('create, get, list, pause, resume, delete; other tenants see nothing', async () => {
    const res = await create({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', task: { type: 'noop', input: {}, priority: 5 }, overlap: 'skip' });
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json();
    assert.equal(res.headers.location, `/v1/schedules/${s.id}`);
    assert.equal(s.timezone, 'Europe/Berlin');
    assert.equal(s.overlap, 'skip');
    assert.equal(s.missedTicks, 'one-catch-up');
    assert.equal(new Date(s.nextRunAt).getUTCMinutes(), 0);
    assert.ok([7, 8].includes(new Date(s.nextRunAt).getUTCHours()), 'nine in Berlin');
    const second = (await create({ cron: '*/5 * * * *', task: { type: 'noop', input: {} } })).json();

    assert.deepEqual((await w.as(tenant, { method: 'GET', url: `/v1/schedules/${s.id}` })).json(), s);
    const page = (await w.as(tenant, { method: 'GET', url: '/v1/schedules?limit=1' })).json();
    assert.deepEqual(page.items.map((i: { id: string }) => i.id), [s.id]);
    const next = (await w.as(tenant, { method: 'GET', url: `/v1/schedules?limit=1&cursor=${page.nextCursor}` })).json();
    assert.deepEqual(next.items.map((i: { id: string }) => i.id), [second.id]);

    const paused = (await w.as(tenant, { method: 'POST', url: `/v1/schedules/${s.id}/pause` })).json();
    assert.equal(paused.paused, true);
    assert.equal(paused.nextRunAt, null);
    const resumed = (await w.as(tenant, { method: 'POST', url: `/v1/schedules/${s.id}/resume` })).json();
    assert.equal(resumed.paused, false);
    assert.equal(resumed.nextRunAt, s.nextRunAt);

    const stranger = await w.key('globex');
    assert.equal((await w.as(stranger, { method: 'GET', url: `/v1/schedules/${s.id}` })).statusCode, 404);
    assert.equal((await w.as(stranger, { method: 'DELETE', url: `/v1/schedules/${s.id}` })).statusCode, 404);
    assert.equal((await w.as(tenant, { method: 'DELETE', url: `/v1/schedules/${s.id}` })).statusCode, 204);
    const gone = await w.as(tenant, { method: 'GET', url: `/v1/schedules/${s.id}` });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'schedule-not-found');
    await w.as(tenant, { method: 'DELETE', url: `/v1/schedules/${second.id}` });
  });

  test('one task per tick however many stores submit it at once, with the tick in its metadata', async () => {
    const s = (await create({ cron: '*/1 * * * * *', task: { type: 'noop', input: {}, metadata: { report: 'daily' } } })).json();
    const first = Date.parse(s.nextRunAt);
    const another = await w.db.openAnother();
    // Three looks at the same tick, two of them through another store (another node, as far as
    // the database can tell), all at once.
    const submitted = await Promise.all([ticks(first + 10), ticks(first + 10, another), ticks(first + 20, another)]);
    assert.equal(submitted.reduce((a, b) => a + b, 0), 1);
    assert.equal(await ticks(first + 30), 0, 'the tick is spent');
    assert.equal(await Promise.all([ticks(first + 1010), ticks(first + 1010, another)]).then((n) => n[0]! + n[1]!), 1, 'the next tick');
    const tasks = await tasksOf(s.id);
    assert.deepEqual(tasks.map((t) => t.metadata?.scheduledFor), [new Date(first).toISOString(), new Date(first + 1000).toISOString()]);
    assert.equal(tasks[0]!.metadata?.report, 'daily');
    const doc = (await w.as(tenant, { method: 'GET', url: `/v1/schedules/${s.id}` })).json();
    assert.equal(doc.ticks, 2);
    assert.equal(doc.lastTaskId, tasks[1]!.id);
    await w.as(tenant, { method: 'DELETE', url: `/v1/schedules/${s.id}` });
  });

  test('missed ticks: one catch-up for the latest, then on schedule; a paused schedule submits nothing', async () => {
    const s = (await create({ cron: '*/1 * * * * *', task: { type: 'noop', input: {} } })).json();
    const first = Date.parse(s.nextRunAt);
    // Everything was down for ten seconds.
    assert.equal(await ticks(first + 10_500), 1);
    const [catchUp] = await tasksOf(s.id);
    assert.equal(catchUp!.metadata?.scheduledFor, new Date(first + 10_000).toISOString(), 'the latest tick that passed');
    const after = (await w.as(tenant, { method: 'GET', url: `/v1/schedules/${s.id}` })).json();
    assert.equal(Date.parse(after.nextRunAt), first + 11_000);

    await w.as(tenant, { method: 'POST', url: `/v1/schedules/${s.id}/pause` });
    assert.equal(await ticks(first + 12_500), 0, 'paused');
    assert.equal((await tasksOf(s.id)).length, 1);
    await w.as(tenant, { method: 'DELETE', url: `/v1/schedules/${s.id}` });
  });

  test('overlap: skip — a tick is skipped while the previous task is unfinished', async () => {
    const s = (await create({ cron: '*/1 * * * * *', task: { type: 'crop', input: {} }, overlap: 'skip' })).json();
    const first = Date.parse(s.nextRunAt);
    assert.equal(await ticks(first + 5), 1);
    assert.equal(await ticks(first + 1005), 0, 'the first task is still queued');
    const doc = (await w.as(tenant, { method: 'GET', url: `/v1/schedules/${s.id}` })).json();
    assert.deepEqual([doc.ticks, doc.skipped], [1, 1]);
    const [task] = await tasksOf(s.id);
    await w.as(tenant, { method: 'POST', url: `/v1/tasks/${task!.id}/cancel` });
    assert.equal(await ticks(first + 2005), 1, 'finished: the next tick submits');
    await w.as(tenant, { method: 'DELETE', url: `/v1/schedules/${s.id}` });
  });
});
