import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { newTasks } from '../helpers/tasks.ts';

// Ids grew from 80 to 128 random bits (26 → 36 characters after the prefix). Ids issued before
// are stored in existing databases — task rows, reservations, tombstones, webhook endpoints — and
// every route must still find them.

/** An id of the older shape: the time part, then 16 characters (80 bits). */
const legacyId = (prefix: 'tsk' | 'whe') => newId(prefix).slice(0, 4 + 26);

describe(onBackend('ids of the older, shorter shape'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  it('new ids are 36 characters after the prefix', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {} } });
    assert.equal(res.statusCode, 202, res.body);
    assert.match(res.json().id, /^tsk_[0-9a-z]{36}$/);
    const reserved = await t.app.inject({ method: 'POST', url: '/v1/task-ids', headers: auth });
    assert.match(reserved.json().id, /^tsk_[0-9a-z]{36}$/);
  });

  it('a stored task with an older id is read, canceled and destroyed; its tombstone answers 410', async () => {
    const [task] = newTasks('acme', 'echo', 1);
    const id = legacyId('tsk');
    await t.store.taskInsertMany({ tasks: [{ ...task!, id, runAt: Date.now() + 3_600_000, status: 'pending' }] });
    const got = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.json().id, id);
    const canceled = await t.app.inject({ method: 'POST', url: `/v1/tasks/${id}/cancel`, headers: auth });
    assert.equal(canceled.statusCode, 200, canceled.body);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: auth })).statusCode, 204);
    const gone = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(gone.statusCode, 410, gone.body);
    assert.equal(gone.json().code, 'task-gone');
  });

  it('a reservation of an older id can still be used', async () => {
    const id = legacyId('tsk');
    await t.store.reservationCreate({ tenant: 'acme', id, expiresAt: Date.now() + 60_000 });
    const put = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {} } });
    assert.equal(put.statusCode, 202, put.body);
    assert.equal(put.json().id, id);
  });

  it('a webhook endpoint with an older id is found', async () => {
    const id = legacyId('whe');
    const now = Date.now();
    await t.store.webhookEndpointCreate({
      endpoint: {
        id, tenant: 'acme', url: 'https://example.com/hook', description: null, eventTypes: null, secret: newWebhookSecret(), previousSecret: null,
        previousSecretExpiresAt: null, createdAt: now, updatedAt: now, disabledAt: null, disabledReason: null,
      },
    });
    const got = await t.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${id}`, headers: auth });
    assert.equal(got.statusCode, 200, got.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${id}/deliveries`, headers: auth })).statusCode, 200);
  });
});
