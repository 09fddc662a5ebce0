import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { newId, newSecret } from '../../src/domain/ids.ts';
import { defineTask, PermanentFailure } from '../../src/engine/define-task.ts';
import { createRunner, type Runner } from '../../src/engine/runner.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { createGroupCoordinator } from '../../src/services/group-coordinator.ts';
import { createScheduler } from '../../src/services/scheduler.ts';
import type { Service } from '../../src/services/service.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { testConfig, waitFor } from '../engine/fixtures.ts';

// Execution groups as sagas, end to end: tasks submitted together with `group: { atomic: true }`,
// run by a real runner; when a member fails for good the group coordinator cancels the unfinished
// members and undoes every succeeded member with its type's `compensate`, as a task of its own
// (leased, fenced, retried). Compensations are counted by the task type itself.

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe(onBackend('execution groups and compensation'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let app: FastifyInstance;
  let runner: Runner;
  let coordinator: Service;
  let scheduler: Service;
  let auth: { authorization: string };
  const compensations = new Map<string, number>();
  const compensateAttempts = new Map<string, number>();
  const flaky = new Set<number>();

  const step = defineTask<{ n: number; fail?: boolean; hang?: boolean }, { made: number }>({
    type: 'saga-step',
    input: { type: 'object', required: ['n'], properties: { n: { type: 'integer' }, fail: { type: 'boolean' }, hang: { type: 'boolean' } } },
    maxAttempts: 3,
    async run(input, ctx) {
      if (input.fail) {
        // Fails once the others had time to succeed.
        await new Promise((r) => setTimeout(r, 300));
        throw new PermanentFailure('the fourth step breaks');
      }
      if (input.hang) {
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
      }
      return { made: input.n };
    },
    async compensate(ctx) {
      const member = ctx.compensating.taskId;
      compensateAttempts.set(member, (compensateAttempts.get(member) ?? 0) + 1);
      const { n } = ctx.compensating.input as { n: number };
      assert.deepEqual(ctx.compensating.result, { made: n });
      if (flaky.has(n) && compensateAttempts.get(member) === 1) throw new Error('undo failed once');
      compensations.set(member, (compensations.get(member) ?? 0) + 1);
    },
  });

  before(async () => {
    db = await tempStore();
    const config = testConfig({ worker: { concurrency: 8 }, maintenance: { groupIntervalMs: 50 } });
    const registry = createTaskRegistry({ definitions: [step], config });
    app = await buildApp({ store: db.store, taskTypes: taskTypesOf(registry), config });
    await app.ready();
    runner = createRunner({ store: db.store, registry, config, logger: silent, workerId: 'saga-worker' });
    runner.start();
    coordinator = createGroupCoordinator({ store: db.store, registry, config, logger: silent, holder: 'test' });
    coordinator.start();
    // Retries wait as pending until the scheduler promotes them.
    scheduler = createScheduler({ store: db.store, logger: silent, holder: 'test', maxSleepMs: 50 });
    scheduler.start();
    const secret = newSecret('ofk');
    await db.store.apiKeyCreate({
      key: { id: newId('key'), tenant: 'saga', name: null, admin: false, createdAt: Date.now(), revokedAt: null, lastUsedAt: null },
      hash: apiKeyHash(secret),
    });
    auth = { authorization: `Bearer ${secret}` };
  });
  after(async () => {
    await coordinator.stop();
    await scheduler.stop();
    await runner.stop();
    await app.close();
    await db.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  const submitGroup = async (inputs: object[]) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/tasks/bulk',
      headers: auth,
      payload: { tasks: inputs.map((input) => ({ type: 'saga-step', input, group: { atomic: true } })) },
    });
    assert.equal(res.statusCode, 202, res.body);
    const items = res.json().items as { status: number; task: { id: string; group: { id: string } } }[];
    assert.ok(items.every((i) => i.status === 202));
    const groupId = items[0]!.task.group.id;
    assert.ok(items.every((i) => i.task.group.id === groupId), 'one group for the request');
    return { groupId, ids: items.map((i) => i.task.id) };
  };

  test('a group of 5 whose fourth fails: the fifth is canceled, the first three are compensated once each', async () => {
    const { groupId, ids } = await submitGroup([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4, fail: true }, { n: 5, hang: true }]);
    const group = await waitFor(
      async () => {
        const doc = await get(`/v1/task-groups/${groupId}`);
        return doc.status === 'compensated' ? doc : null;
      },
      { timeoutMs: 20_000, what: 'the group to be compensated' },
    );
    assert.equal(group.failedTaskId, ids[3]);
    const byId = new Map(group.members.map((m: { id: string }) => [m.id, m]));
    for (const id of ids.slice(0, 3)) {
      const member = byId.get(id) as { status: string; compensated: boolean; compensation: { status: string } };
      assert.equal(member.status, 'succeeded');
      assert.equal(member.compensated, true);
      assert.equal(member.compensation.status, 'succeeded');
      const doc = await get(`/v1/tasks/${id}`);
      assert.equal(doc.compensated, true);
      assert.deepEqual(doc.group, { id: groupId, atomic: true });
      assert.equal(doc.links.group, `/v1/task-groups/${groupId}`);
    }
    const fourth = await get(`/v1/tasks/${ids[3]}`);
    assert.equal(fourth.status, 'failed');
    assert.equal(fourth.compensated, false);
    const fifth = await get(`/v1/tasks/${ids[4]}`);
    assert.equal(fifth.status, 'canceled');
    assert.equal(fifth.compensated, false);
    // Counted by the task type: once each, and still once a while later (nothing runs twice).
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      ids.map((id) => compensations.get(id) ?? 0),
      [1, 1, 1, 0, 0],
    );
    const compensation = await get(`/v1/tasks/${(byId.get(ids[0]!) as { compensation: { id: string } }).compensation.id}`);
    assert.equal(compensation.compensates, ids[0]);
    assert.equal(compensation.type, 'saga-step');
  });

  test('a compensation that fails is retried (fenced, as any task) until it succeeds', async () => {
    flaky.add(11);
    const { groupId, ids } = await submitGroup([{ n: 11 }, { n: 12, fail: true }]);
    await waitFor(async () => ((await get(`/v1/task-groups/${groupId}`)).status === 'compensated' ? true : null), {
      timeoutMs: 20_000,
      what: 'the group to be compensated after a retry',
    });
    assert.equal(compensateAttempts.get(ids[0]!), 2);
    assert.equal(compensations.get(ids[0]!), 1);
  });

  test('a group whose members all succeed is succeeded; an unknown group is 404; joining needs an active group of yours', async () => {
    const { groupId } = await submitGroup([{ n: 21 }, { n: 22 }]);
    await waitFor(async () => ((await get(`/v1/task-groups/${groupId}`)).status === 'succeeded' ? true : null), { what: 'success' });
    const missing = await app.inject({ method: 'GET', url: `/v1/task-groups/grp_${'0'.repeat(36)}`, headers: auth });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'task-group-not-found');
    const join = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'saga-step', input: { n: 23 }, group: { id: groupId, atomic: true } } });
    assert.equal(join.statusCode, 202, `an active group takes members: ${join.body}`);
    const unknown = await app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'saga-step', input: { n: 24 }, group: { id: `grp_${'1'.repeat(36)}`, atomic: true } } });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'task-group-invalid');
    assert.deepEqual(unknown.json().errors.map((e: { pointer: string }) => e.pointer), ['/group/id']);
  });
});
