import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { fingerprint } from '../../src/domain/fingerprint.ts';
import { newId, newSecret } from '../../src/domain/ids.ts';
import { ProblemError } from '../../src/domain/problems.ts';
import { CODE_SCHEMA_VERSION } from '../../src/store/sqlite/migrator.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backend, backendSkip, onBackend } from '../helpers/backend.ts';
import { sqliteFileAtSchema } from '../helpers/sqlite.ts';
import { testTaskTypes } from '../helpers/task-types.ts';

describe(onBackend('POST /v1/tasks/bulk'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi((c) => {
      c.limits.bulkMaxTasks = 1000;
    });
    auth = await t.key('acme');
  });
  after(() => t.close());

  const bulk = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers: auth, payload });

  it('answers each item with the status it would get alone, in order', async () => {
    await t.app.inject({ method: 'POST', url: '/v1/tasks', headers: auth, payload: { type: 'echo', input: {}, customId: 'dup' } });
    const res = await bulk({
      tasks: [
        { type: 'echo', input: { i: 0 } },
        { type: 'sleep', input: { seconds: 'x' } },
        { type: 'echo', input: {}, customId: 'dup' },
        { type: 'echo', input: { other: 1 }, customId: 'dup' },
        { type: 'nope', input: {} },
        { type: 'echo', input: { i: 5 } },
      ],
    });
    assert.equal(res.statusCode, 202);
    const items = res.json().items;
    assert.deepEqual(items.map((i: { status: number }) => i.status), [202, 422, 200, 409, 422, 202]);
    assert.deepEqual(items.map((i: { index: number }) => i.index), [0, 1, 2, 3, 4, 5]);
    assert.equal(items[1].error.errors[0].pointer, '/input/seconds');
    assert.match(items[0].task.id, /^tsk_/);
    assert.equal(items[3].error.code, 'custom-id-conflict');
  });

  it('atomic: one invalid item → 422 bulk-item-invalid naming the index, nothing created', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/v1/tasks?limit=500', headers: auth })).json().items.length;
    const res = await bulk({ atomic: true, tasks: [{ type: 'echo', input: {} }, { type: 'echo', input: {}, priority: 'high' }] });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'bulk-item-invalid');
    assert.equal(res.json().index, 1);
    const dupes = await bulk({ atomic: true, tasks: [{ type: 'echo', input: {}, customId: 'a1' }, { type: 'echo', input: { x: 1 }, customId: 'a1' }] });
    assert.equal(dupes.statusCode, 422);
    assert.equal(dupes.json().index, 1);
    const after = (await t.app.inject({ method: 'GET', url: '/v1/tasks?limit=500', headers: auth })).json().items.length;
    assert.equal(after, before);
  });

  it('atomic: all valid → all created', async () => {
    const res = await bulk({ atomic: true, tasks: Array.from({ length: 50 }, (_, i) => ({ type: 'echo', input: { i } })) });
    assert.equal(res.statusCode, 202);
    assert.ok(res.json().items.every((i: { status: number }) => i.status === 202));
  });

  it('refuses more than the limit with 413 and an empty list with 422', async () => {
    const tooMany = await bulk({ tasks: Array.from({ length: 1001 }, () => ({ type: 'echo', input: {} })) });
    assert.equal(tooMany.statusCode, 413);
    assert.equal((await bulk({ tasks: [] })).statusCode, 422);
  });

  describe('Idempotency-Key', () => {
    const keyed = (key: string | string[], payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers: { ...auth, 'idempotency-key': key as string }, payload });
    const count = async () => (await t.app.inject({ method: 'GET', url: '/v1/tasks?limit=100', headers: auth })).json().items.length;

    it('replays the same items (ids, statuses, item errors) with current documents, creating nothing new', async () => {
      const body = {
        tasks: [
          { type: 'echo', input: { k: 1 } },
          { type: 'nope', input: {} },
          { type: 'echo', input: {}, customId: 'bulk-idem' },
        ],
      };
      const first = await keyed('bulk-k1', body);
      assert.equal(first.statusCode, 202);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const items = first.json().items;
      assert.deepEqual(items.map((i: { status: number }) => i.status), [202, 422, 202]);
      const created = await count();
      await t.app.inject({ method: 'POST', url: `/v1/tasks/${items[0].task.id}/cancel`, headers: auth });

      const again = await keyed('"bulk-k1"', body);
      assert.equal(again.statusCode, 202);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const replayed = again.json().items;
      assert.deepEqual(replayed.map((i: { status: number }) => i.status), [202, 422, 202]);
      assert.deepEqual(replayed.map((i: { index: number }) => i.index), [0, 1, 2]);
      assert.equal(replayed[0].task.id, items[0].task.id);
      assert.equal(replayed[0].task.status, 'canceled', 'the current document, not the recorded one');
      assert.deepEqual(replayed[1].error, items[1].error);
      assert.equal(replayed[2].task.id, items[2].task.id);
      assert.equal(await count(), created, 'a replay creates nothing');

      // A destroyed task replays as its current answer: gone.
      await t.app.inject({ method: 'DELETE', url: `/v1/tasks/${items[2].task.id}`, headers: auth });
      const afterDestroy = (await keyed('bulk-k1', body)).json().items;
      assert.equal(afterDestroy[2].status, 410);
      assert.equal(afterDestroy[2].error.code, 'task-gone');
    });

    it('refuses the same key with another body (422), also across POST /v1/tasks and bulk', async () => {
      await keyed('bulk-k2', { tasks: [{ type: 'echo', input: { a: 1 } }] });
      const other = await keyed('bulk-k2', { tasks: [{ type: 'echo', input: { a: 2 } }] });
      assert.equal(other.statusCode, 422);
      assert.equal(other.json().code, 'idempotency-key-reused');
      const single = await t.app.inject({
        method: 'POST',
        url: '/v1/tasks',
        headers: { ...auth, 'idempotency-key': 'bulk-k2' },
        payload: { type: 'echo', input: { a: 1 } },
      });
      assert.equal(single.statusCode, 422);
      assert.equal(single.json().code, 'idempotency-key-reused');
    });

    it('atomic: a rejected bulk stores no key, so it can be retried with the same key', async () => {
      const bad = await keyed('bulk-k3', { atomic: true, tasks: [{ type: 'echo', input: {} }, { type: 'nope', input: {} }] });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().code, 'bulk-item-invalid');
      const good = await keyed('bulk-k3', { atomic: true, tasks: [{ type: 'echo', input: {} }] });
      assert.equal(good.statusCode, 202);
      assert.equal(good.headers['idempotent-replayed'], undefined);
      const replay = await keyed('bulk-k3', { atomic: true, tasks: [{ type: 'echo', input: {} }] });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.json().items[0].task.id, good.json().items[0].task.id);
    });

    it('rejects malformed or repeated keys with 400 invalid-header and creates nothing', async () => {
      const before = await count();
      for (const key of ['', 'k'.repeat(300), 'cl\u00e9', '"unterminated', ['a', 'b']]) {
        const res = await keyed(key, { tasks: [{ type: 'echo', input: {} }] });
        assert.equal(res.statusCode, 400, String(key).slice(0, 20));
        assert.equal(res.json().code, 'invalid-header');
      }
      assert.equal(await count(), before);
    });
  });

  // How fast is the bench's business (bench/, the bulk workload); this asserts that it works.
  it('creates 1000 tasks in one request', async (ctx) => {
    const started = performance.now();
    const res = await bulk({ tasks: Array.from({ length: 1000 }, (_, i) => ({ type: 'echo', input: { i } })) });
    ctx.diagnostic(`1000 tasks in ${Math.round(performance.now() - started)} ms`);
    assert.equal(res.statusCode, 202);
    const items = res.json().items as { index: number; status: number; task?: { id: string } }[];
    assert.equal(items.length, 1000);
    assert.ok(items.every((item, i) => item.index === i && item.status === 202));
    assert.equal(new Set(items.map((item) => item.task?.id)).size, 1000, 'a distinct task each');
    const last = await t.app.inject({ method: 'GET', url: `/v1/tasks/${items[999]!.task!.id}?include=input`, headers: auth });
    assert.deepEqual(last.json().input, { i: 999 });
  });
});

// Before migration 005 a bulk submission's idempotency record kept its item outcomes in task_id as
// `bulk:<JSON>`; 005 moves them to the outcome column. Such a record must still replay after an
// upgrade. Built on a SQLite file at schema 4 (the PostgreSQL migration is covered in
// test/store/postgres.store.test.ts), so it runs in the SQLite pass only.
describe('POST /v1/tasks/bulk: a key recorded before migration 005 (sqlite-only)', { skip: backend !== 'sqlite' && 'sqlite-only: runs in the SQLite pass' }, () => {
  it('replays an old `bulk:` record after the upgrade, and refuses it on POST /v1/tasks', async () => {
    const now = Date.now();
    const body = { tasks: [{ type: 'echo', input: { old: 1 } }, { type: 'nope', input: {} }] };
    const taskId = newId('tsk');
    const problem = new ProblemError('unknown-task-type', 'Unknown task type "nope".').toBody();
    const recorded = JSON.stringify([[202, taskId], [422, problem]]);
    const file = await sqliteFileAtSchema(4, (db) => {
      db.prepare(
        `INSERT INTO idempotency_keys (tenant, key, fingerprint, state, status_code, task_id, locked_until, expires_at)
         VALUES ('acme', 'old-key', ?, 'done', 202, ?, ?, ?)`,
      ).run(fingerprint({ bulk: body }), `bulk:${recorded}`, now, now + 3_600_000);
    });
    const store = await openSqliteStore({ path: file.path });
    const app = await buildApp({ store, taskTypes: testTaskTypes(), config: structuredClone(DEFAULTS) });
    try {
      assert.deepEqual(await store.migrate(), { from: 4, to: CODE_SCHEMA_VERSION });
      const raw = new DatabaseSync(file.path, { readOnly: true });
      try {
        const row = raw.prepare("SELECT task_id, outcome FROM idempotency_keys WHERE key = 'old-key'").get();
        assert.deepEqual({ ...row }, { task_id: null, outcome: recorded });
      } finally {
        raw.close();
      }
      // The task the old request created (written now: the seed above is the schema-4 row under test).
      await store.taskInsert({
        task: {
          id: taskId, tenant: 'acme', type: 'echo', status: 'queued', customId: null, priority: 0, inputJson: '{"old":1}',
          metadata: null, fingerprint: 'f', runAt: now, timeoutSeconds: 30, maxAttempts: 1, callbackUrl: null,
          createdAt: now, expiresAt: now + 3_600_000,
        },
      });
      await app.ready();
      const secret = newSecret('ofk');
      await store.apiKeyCreate({
        key: { id: newId('key'), tenant: 'acme', name: null, admin: false, createdAt: now, revokedAt: null, lastUsedAt: null },
        hash: apiKeyHash(secret),
      });
      const headers = { authorization: `Bearer ${secret}`, 'idempotency-key': 'old-key' };

      const replay = await app.inject({ method: 'POST', url: '/v1/tasks/bulk', headers, payload: body });
      assert.equal(replay.statusCode, 202);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const items = replay.json().items;
      assert.deepEqual(items.map((i: { index: number; status: number }) => [i.index, i.status]), [[0, 202], [1, 422]]);
      assert.equal(items[0].task.id, taskId);
      assert.deepEqual(items[1].error, problem);
      assert.equal((await store.taskList({ tenant: 'acme', limit: 10 })).tasks.length, 1, 'a replay creates nothing');

      const single = await app.inject({ method: 'POST', url: '/v1/tasks', headers, payload: body.tasks[0] });
      assert.equal(single.statusCode, 422);
      assert.equal(single.json().code, 'idempotency-key-reused');
    } finally {
      await app.close();
      await store.close();
      await file.close();
    }
  });
});
