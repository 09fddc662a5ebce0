import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

describe(onBackend('reserved ids (POST /v1/task-ids, PUT /v1/tasks/{id})'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
  });
  after(() => t.close());

  it('PUT validates Idempotency-Key like POST (400 invalid-header), then ignores a valid one', async () => {
    const { id } = (await t.app.inject({ method: 'POST', url: '/v1/task-ids', headers: auth })).json();
    const put = (key: string | string[]) =>
      t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: { ...auth, 'idempotency-key': key as string }, payload: { type: 'echo', input: {} } });
    for (const key of ['', 'k'.repeat(300), 'cl\u00e9', ['a', 'b']]) {
      const res = await put(key);
      assert.equal(res.statusCode, 400, String(key).slice(0, 20));
      assert.equal(res.json().code, 'invalid-header');
    }
    assert.equal((await put('k-put')).statusCode, 202, 'the reservation was not used by the rejected requests');
    // The reserved id, not the key, makes PUT idempotent: another key replays the same task.
    const again = await put('k-other');
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, id);
  });

  it('reserves an id and submits under it; the same body again is 200, another 422', async () => {
    const reserved = await t.app.inject({ method: 'POST', url: '/v1/task-ids', headers: auth });
    assert.equal(reserved.statusCode, 201);
    const { id, expiresAt } = reserved.json();
    assert.match(id, /^tsk_/);
    assert.ok(Date.parse(expiresAt) > Date.now());
    const put = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: { a: 1 } } });
    assert.equal(put.statusCode, 202);
    assert.equal(put.json().id, id);
    assert.equal(put.headers.location, `/v1/tasks/${id}`);
    const again = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: { a: 1 } } });
    assert.equal(again.statusCode, 200);
    const other = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: { a: 2 } } });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'task-id-conflict');
  });

  it('answers 404 for an id never reserved, malformed, or reserved by another tenant', async () => {
    for (const id of [newId('tsk'), 'garbage']) {
      const res = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {} } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'reservation-not-found');
    }
    const other = await t.key('globex');
    const { id } = (await t.app.inject({ method: 'POST', url: '/v1/task-ids', headers: other })).json();
    const res = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {} } });
    assert.equal(res.statusCode, 404);
  });

  it('answers 404 for an expired reservation', async () => {
    const id = newId('tsk');
    await t.store.reservationCreate({ tenant: 'acme', id, expiresAt: Date.now() - 1000 });
    const res = await t.app.inject({ method: 'PUT', url: `/v1/tasks/${id}`, headers: auth, payload: { type: 'echo', input: {} } });
    assert.equal(res.statusCode, 404);
  });
});
