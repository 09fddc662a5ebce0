import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { apiKeyHash } from '../../src/domain/api-key-hash.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { newId, newSecret } from '../../src/domain/ids.ts';
import { backend } from '../helpers/backend.ts';
import { postgresSkip, type TempPostgresStore, tempPostgresStore } from '../helpers/postgres.ts';
import { testTaskTypes } from '../helpers/task-types.ts';

// The store fails in the middle of a submission (injected for real, on PostgreSQL: triggers raise
// 57P01 admin_shutdown, the error a restart gives). The answer must not pretend nothing was stored:
// it says the outcome is unknown and names the task to look up. And the Idempotency-Key of a request
// that did not commit is free again at once, even when nothing can be released afterwards (the
// database was down for that too): a retry runs instead of waiting out a lock.

const skip = backend !== 'postgres' ? 'PostgreSQL pass only: the outage is injected with PostgreSQL triggers' : await postgresSkip();

describe('a store outage during a submission [postgres]', { skip }, () => {
  let db: TempPostgresStore;
  let app: FastifyInstance;
  let admin: pg.Client;
  let auth: Record<string, string>;
  before(async () => {
    db = await tempPostgresStore();
    app = await buildApp({ store: db.store, taskTypes: testTaskTypes(), config: structuredClone(DEFAULTS) });
    await app.ready();
    const secret = newSecret('ofk');
    await db.store.apiKeyCreate({
      key: { id: newId('key'), tenant: 'acme', name: null, admin: false, createdAt: Date.now(), revokedAt: null, lastUsedAt: null },
      hash: apiKeyHash(secret),
    });
    auth = { authorization: `Bearer ${secret}` };
    admin = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
    await admin.connect();
    await admin.query(`
      CREATE FUNCTION outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated outage' USING ERRCODE = '57P01'; END $$;
      -- Releasing a key's record fails as well: the database is down for everyone.
      CREATE TRIGGER outage_release BEFORE DELETE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION outage();`);
  });
  after(async () => {
    await admin?.end();
    await app?.close();
    await db?.close();
  });

  const down = () => admin.query('CREATE TRIGGER outage_insert BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION outage()');
  const up = () => admin.query('DROP TRIGGER outage_insert ON tasks');

  test('a single submit: 503 submission-outcome-unknown names the task; the key is free for the retry', async () => {
    const submit = () =>
      app.inject({ method: 'POST', url: '/v1/tasks', headers: { ...auth, 'idempotency-key': 'k-single' }, payload: { type: 'echo', input: { n: 1 } } });
    await down();
    const failed = await submit();
    assert.equal(failed.statusCode, 503, failed.body);
    const problem = failed.json();
    assert.equal(problem.code, 'submission-outcome-unknown');
    assert.match(problem.taskId, /^tsk_/);
    assert.equal(failed.headers.location, `/v1/tasks/${problem.taskId}`);
    assert.ok(failed.headers['retry-after']);
    const lookup = await app.inject({ method: 'GET', url: failed.headers.location as string, headers: auth });
    assert.equal(lookup.statusCode, 404, 'the look-up tells the truth: nothing was stored');

    await up();
    const retried = await submit();
    assert.equal(retried.statusCode, 202, `the retry runs at once: ${retried.body}`);
    assert.equal(retried.headers['idempotent-replayed'], undefined);
    const again = await submit();
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().id, retried.json().id);
  });

  test('a bulk submit: 503 names every task; the key is free for the retry', async () => {
    const submit = () =>
      app.inject({
        method: 'POST',
        url: '/v1/tasks/bulk',
        headers: { ...auth, 'idempotency-key': 'k-bulk' },
        payload: { tasks: [{ type: 'echo', input: {} }, { type: 'echo', input: { n: 2 } }] },
      });
    await down();
    const failed = await submit();
    assert.equal(failed.statusCode, 503, failed.body);
    assert.equal(failed.json().code, 'submission-outcome-unknown');
    assert.equal(failed.json().taskIds.length, 2);
    await up();
    const retried = await submit();
    assert.equal(retried.statusCode, 202, retried.body);
    assert.equal(retried.json().items.filter((i: { status: number }) => i.status === 202).length, 2);
  });
});
