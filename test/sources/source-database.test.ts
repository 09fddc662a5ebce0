import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/sources/open-database.ts';
import type { RowBatch, SourceDatabase } from '../../src/sources/source-database.ts';
import { SourceQueryError, SourceUnavailableError } from '../../src/sources/source-errors.ts';
import { postgresSkip, postgresUrl } from '../helpers/postgres.ts';

// Configured databases on both dialects, whatever the task store's backend: a real SQLite file and
// a schema of its own on the test PostgreSQL server. Reads are batched, read-only and one snapshot;
// writes are transactions; a read broken off frees its connection.

interface Fixture {
  location: string;
  /** The table's qualified name. */
  table: string;
  setup(sql: string): Promise<void>;
  teardown(): Promise<void>;
}

async function sqliteFixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-source-'));
  const location = join(dir, 'shop.db');
  return {
    location,
    table: 'src_items',
    async setup(sql) {
      const db = new DatabaseSync(location);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec(sql);
      db.close();
    },
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresFixture(): Promise<Fixture> {
  const url = (await postgresUrl())!;
  const schema = `export_src_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    location: url,
    table: `${schema}.src_items`,
    setup: (sql) => run(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${sql}`),
    teardown: () => run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

async function collect(batches: AsyncIterable<RowBatch>): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

const TRICKY = ['plain', 'a "quoted", comma', 'line\nbreak\r\nCRLF', 'emoji 🎉 ünïcödé', null, '=1+2'];

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' ? await postgresSkip() : false;
  describe(`configured database [source ${dialect}]`, { skip }, () => {
    let fixture: Fixture;
    let db: SourceDatabase;
    before(async () => {
      fixture = dialect === 'sqlite' ? await sqliteFixture() : await postgresFixture();
      const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
      const blob = dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
      const values = TRICKY.map((text, i) => `(${i + 1}, ${text === null ? 'NULL' : `'${text.replace(/'/g, "''")}'`}, ${i === 0 ? '9007199254740993' : i}, ${dialect === 'sqlite' ? "X'00ff'" : "'\\x00ff'::bytea"})`);
      await fixture.setup(
        `CREATE TABLE src_items (id INTEGER PRIMARY KEY, label TEXT, amount ${big}, data ${blob}); INSERT INTO src_items VALUES ${values.join(', ')};`,
      );
      db = await openDatabase('shop', fixture.location);
    });
    after(async () => {
      await db?.close();
      await fixture?.teardown();
    });

    test('reads in batches with named parameters, values intact, columns in order', async () => {
      const batches = await collect(db.read(`SELECT id, label, amount, data FROM ${fixture.table} WHERE id >= :from ORDER BY id`, { from: 1 }, { batchRows: 4 }));
      assert.equal(db.dialect, dialect);
      assert.deepEqual(batches.map((b) => b.rows.length), [4, 2]);
      assert.deepEqual(batches[0]!.columns, ['id', 'label', 'amount', 'data']);
      const rows = batches.flatMap((b) => b.rows);
      assert.deepEqual(rows.map((r) => r[1]), TRICKY);
      // Beyond 2^53: exact (a bigint from SQLite, text from PostgreSQL's bigint).
      assert.equal(String(rows[0]![2]), '9007199254740993');
      assert.equal(rows[1]![2], dialect === 'sqlite' ? 1 : '1');
      assert.deepEqual([...(rows[0]![3] as Uint8Array)], [0, 255]);
      assert.equal(await db.count(`SELECT count(*) FROM ${fixture.table} WHERE label IS NOT NULL AND id >= :from`, { from: 2 }), 4);
    });

    test('an empty result still gives its columns', async () => {
      const batches = await collect(db.read(`SELECT id, label FROM ${fixture.table} WHERE id < 0`, {}));
      assert.deepEqual(batches, [{ columns: ['id', 'label'], rows: [] }]);
    });

    test('a read cannot write, whatever its text; a bad query is a query error', async () => {
      await assert.rejects(collect(db.read(`DELETE FROM ${fixture.table} RETURNING id`, {})), SourceQueryError);
      if (dialect === 'postgres') {
        await assert.rejects(collect(db.read(`WITH d AS (DELETE FROM ${fixture.table} RETURNING id) SELECT * FROM d`, {})), SourceQueryError);
      }
      await assert.rejects(collect(db.read('SELECT * FROM no_such_table', {})), SourceQueryError);
      await assert.rejects(collect(db.read(`SELECT :missing FROM ${fixture.table}`, {})), /:missing, which has no value/);
      assert.equal(await db.count(`SELECT count(*) FROM ${fixture.table}`, {}), TRICKY.length);
    });

    test('a read is one snapshot: a row committed while it runs is not in it', async () => {
      await using writer = await openDatabase('shop', fixture.location);
      const seen: unknown[] = [];
      for await (const batch of db.read(`SELECT id FROM ${fixture.table} ORDER BY id`, {}, { batchRows: 2 })) {
        if (seen.length === 0) {
          await writer.transaction((tx) => tx.query(`INSERT INTO ${fixture.table} (id, label, amount) VALUES (:id, :label, 0)`, { id: 100, label: 'late' }));
        }
        seen.push(...batch.rows.map((r) => Number(r[0])));
      }
      assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
      assert.equal(await db.count(`SELECT count(*) FROM ${fixture.table}`, {}), 7);
      await writer.transaction((tx) => tx.query(`DELETE FROM ${fixture.table} WHERE id = :id`, { id: 100 }));
    });

    test('transactions commit, roll back on a throw, and upsert with ON CONFLICT', async () => {
      await using target = await openDatabase('shop', fixture.location);
      const upsert = `INSERT INTO ${fixture.table} (id, label, amount) VALUES (:id, :label, :amount)
        ON CONFLICT (id) DO UPDATE SET label = excluded.label, amount = excluded.amount RETURNING id, label`;
      const result = await target.transaction(async (tx) => {
        const inserted = await tx.query(upsert, { id: 200, label: 'new', amount: 1 });
        const updated = await tx.query(upsert, { id: 200, label: 'newer', amount: 2 });
        return { inserted, updated };
      });
      assert.deepEqual(result.inserted.rows, [{ id: 200, label: 'new' }]);
      assert.equal(result.updated.changes, 1);
      await assert.rejects(
        target.transaction(async (tx) => {
          await tx.query(`DELETE FROM ${fixture.table} WHERE id = :id`, { id: 200 });
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      const deleted = await target.transaction((tx) => tx.query(`DELETE FROM ${fixture.table} WHERE id >= 200`));
      assert.equal(deleted.changes, 1, 'the rolled-back delete left the row');
      await assert.rejects(target.transaction((tx) => tx.query('INSERT INTO nowhere VALUES (1)')), SourceQueryError);
    });

    // PostgreSQL's types only (SQLite has none of them).
    const postgresOnly = dialect === 'postgres' ? test : () => {};
    postgresOnly('dates and times are ISO 8601 text to the microsecond; other types as documented', async () => {
      const [batch] = await collect(
        db.read(
          `SELECT '2024-02-29'::date AS d, '2024-02-29 23:59:58.123456'::timestamp AS ts, '2024-02-29 23:59:58.123456+02'::timestamptz AS tz,
             '1 day 02:03:04'::interval AS i, 12345678901234567890.5::numeric AS n, '{"a":[1,2]}'::jsonb AS j, ARRAY[1,2] AS arr, true AS b`,
          {},
        ),
      );
      assert.deepEqual(batch!.rows[0], ['2024-02-29', '2024-02-29T23:59:58.123456', '2024-02-29T21:59:58.123456Z', '1 day 02:03:04', '12345678901234567890.5', { a: [1, 2] }, [1, 2], true]);
    });

    test('breaking out of a read frees its connection; close ends everything', async () => {
      const own = await openDatabase('shop', fixture.location);
      for await (const batch of own.read(`SELECT id FROM ${fixture.table}`, {}, { batchRows: 1 })) {
        assert.equal(batch.rows.length, 1);
        break;
      }
      // The connection is usable again (SQLite: the statement was reset; PostgreSQL: released).
      assert.equal(await own.count(`SELECT count(*) FROM ${fixture.table}`, {}), TRICKY.length);
      const closing = own.close();
      const done = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 5000))]);
      assert.equal(done, 'closed');
    });
  });
}

describe('configured database: unreachable or missing', () => {
  test('a SQLite path with no file is not created but refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offload-source-'));
    try {
      await using db = await openDatabase('shop', join(dir, 'missing.db'));
      await assert.rejects(db.count('SELECT 1', {}), (e) => e instanceof SourceUnavailableError && /no SQLite file at/.test(e.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a PostgreSQL server that does not answer is unavailable, not a query error', async () => {
    await using db = await openDatabase('crm', 'postgres://postgres@127.0.0.1:1/none');
    await assert.rejects(collect(db.read('SELECT 1', {})), (e) => e instanceof SourceUnavailableError && /database "crm": cannot connect/.test(e.message));
  });
});
