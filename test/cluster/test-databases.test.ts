import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, creatorPid, dropLeftoverDatabases, postgresSkipReason } from '../helpers/cluster.ts';
import { postgresUrl } from '../helpers/postgres.ts';

// The cluster tests' databases clean up after themselves even when a test (or its cleanup) was cut
// off: a database whose creating process is gone is dropped by the next test that creates one;
// one whose process still runs (another test file, another checkout) is left alone.

const skip = await postgresSkipReason();

async function admin<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: (await postgresUrl())! });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const exists = async (name: string) => (await admin('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;

test('a leftover database of an exited process is dropped; those of running processes are kept', { skip }, async () => {
  // A pid that surely is not running any more: a child that has exited.
  const gone = spawnSync(process.execPath, ['-e', 'process.pid'], { stdio: 'ignore' }).pid;
  assert.ok(gone);
  const leftover = `offload_t_${gone}_${randomBytes(6).toString('hex')}`;
  const running = `offload_t_${process.ppid}_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${leftover}`);
  await admin(`CREATE DATABASE ${running}`);
  try {
    assert.equal(creatorPid(leftover), gone);
    const dropped = await dropLeftoverDatabases();
    assert.ok(dropped.includes(leftover), `dropped ${JSON.stringify(dropped)}`);
    assert.equal(await exists(leftover), false);
    assert.equal(await exists(running), true, 'a database of a live process is not touched');
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${leftover} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${running} WITH (FORCE)`);
  }
});

test('createTestDatabase names its database after this process, and drop removes it (twice is fine)', { skip }, async () => {
  const db = await createTestDatabase();
  try {
    assert.equal(creatorPid(db.name), process.pid);
    assert.equal((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1);
  } finally {
    await db.drop();
    await db.drop();
  }
  assert.equal(await exists(db.name), false);
});
