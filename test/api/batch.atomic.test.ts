import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import type { Service } from '../../src/services/service.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type TenantApi, tenantApi } from '../helpers/api.ts';
import { dispatcher, type Receiver, startReceiver, until } from '../webhooks/receiver.ts';

// Atomicity groups (seed 004 §4): the members run in one store transaction; when one answers
// non-2xx, everything the group wrote — task rows, idempotency records, outbox events — is rolled
// back, the other members answer 424, and no webhook is ever sent for it. A control group without
// the failing member shows that the same writes do produce rows, records and webhooks.

const HOUR = 3_600_000;

describe(onBackend('atomicity groups'), { skip: await backendSkip() }, () => {
  let receiver: Receiver;
  let webhooks: Service;
  const api: TenantApi = tenantApi('atomic', (c) => {
    c.webhooks.allow = ['127.0.0.0/8'];
    c.webhooks.scheduleSeconds = [0.05];
  });
  before(async () => {
    receiver = await startReceiver();
    const endpoint = await api.inject({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: `${receiver.url}/hooks` } });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    webhooks = dispatcher(api.store, { ...structuredClone(DEFAULTS), webhooks: { ...DEFAULTS.webhooks, allow: ['127.0.0.0/8'], scheduleSeconds: [0.05] } });
    webhooks.start();
  });
  after(async () => {
    await webhooks.stop();
    await receiver.close();
  });

  /** A group that writes a task (with a key and a callback), changes its status (an outbox event), and then `third`. */
  const group = (tag: string, third: unknown) => ({
    requests: [
      {
        id: 'submit',
        method: 'POST',
        url: '/v1/tasks',
        headers: { 'idempotency-key': `key-${tag}` },
        body: { type: 'echo', input: { tag }, customId: `cid-${tag}`, callbackUrl: `${receiver.url}/callback/${tag}` },
        atomicityGroup: 'g',
      },
      { id: 'cancel', method: 'POST', url: '$submit/cancel', dependsOn: ['submit'], atomicityGroup: 'g' },
      { id: 'third', method: 'POST', url: '/v1/tasks', body: third, atomicityGroup: 'g' },
      { id: 'after', method: 'GET', url: '$submit', dependsOn: ['submit'] },
    ],
  });

  /** What the store kept of a group's writes. */
  const leftovers = async (tag: string) => {
    const task = await api.store.taskGetByCustomId({ tenant: 'atomic', customId: `cid-${tag}` });
    const now = Date.now();
    const key = await api.store.idempotencyBegin({ tenant: 'atomic', key: `key-${tag}`, fingerprint: 'probe', now, lockedUntil: now, expiresAt: now + HOUR });
    // A probe with another fingerprint: 'new' when no record exists, 'mismatch' when one does.
    return { task, key: key.state };
  };

  test('the third member fails: the others answer 424, and no row, idempotency record, outbox event or webhook is left', async () => {
    const res = await api.inject({ method: 'POST', url: '/v1/batch', payload: group('rolled', { type: 'no-such-type', input: {} }) });
    assert.equal(res.statusCode, 200, res.body);
    const [submit, cancel, third, afterwards] = res.json().responses;
    assert.equal(third.status, 422);
    assert.equal(third.body.code, 'unknown-task-type');
    for (const r of [submit, cancel]) {
      assert.equal(r.status, 424);
      assert.equal(r.body.code, 'atomic-group-failed');
      assert.equal(r.body.failedRequest, 'third');
      assert.equal(r.atomicityGroup, 'g');
    }
    assert.equal(afterwards.status, 424, 'a request depending on a rolled-back member is not run');
    const left = await leftovers('rolled');
    assert.equal(left.task, null, 'no task row');
    assert.equal(left.key, 'new', 'no idempotency record: the key is free');
    // No outbox event: nothing to fan out, and nothing ever reaches the endpoint or the callback.
    const events = await api.store.withTransaction(async (tx) => {
      const taken = await tx.taskEventsTake({ limit: 10_000 });
      throw Object.assign(new Error('peek only'), { taken });
    }).catch((err: { taken: { tenant: string }[] }) => err.taken);
    assert.deepEqual(events.filter((e) => e.tenant === 'atomic'), []);
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(receiver.requests.map((r) => r.url), [], 'no webhook for a rolled-back group');
  });

  test('control: the same group with a good third member keeps all of it, and its webhooks are delivered', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: group('kept', { type: 'echo', input: {}, customId: 'cid-kept-3' }),
    });
    const [submit, cancel, third, afterwards] = res.json().responses;
    assert.equal(submit.status, 202);
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.status, 'canceled');
    assert.equal(third.status, 202);
    assert.equal(afterwards.status, 200);
    assert.equal(afterwards.body.status, 'canceled', 'after the group committed');
    const left = await leftovers('kept');
    assert.equal(left.task?.id, submit.body.id);
    assert.equal(left.key, 'mismatch', 'the idempotency record is kept');
    await until(() => receiver.requests.length >= 2, 10_000, 'the task.canceled webhooks');
    assert.deepEqual(receiver.requests.map((r) => r.url).sort(), ['/callback/kept', '/hooks']);
    assert.ok(receiver.requests.every((r) => JSON.parse(r.body).type === 'task.canceled'));
  });

  test('inside a group a wait is not honoured and a long-poll answers at once (nothing commits before the group)', async () => {
    const started = Date.now();
    const res = await api.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: {
        requests: [
          { id: 'a', method: 'POST', url: '/v1/tasks', headers: { prefer: 'wait=5' }, body: { type: 'echo', input: {} }, atomicityGroup: 'w' },
          { id: 'b', method: 'GET', url: '$a', headers: { prefer: 'wait=5' }, dependsOn: ['a'], atomicityGroup: 'w' },
        ],
      },
    });
    const [a, b] = res.json().responses;
    assert.equal(a.status, 202);
    assert.equal(a.headers['preference-applied'], undefined);
    assert.equal(b.status, 200);
    assert.equal(b.headers['preference-applied'], undefined);
    assert.ok(Date.now() - started < 3_000, 'answered without waiting');
  });
});
