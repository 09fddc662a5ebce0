import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/sources/open-database.ts';
import { createChunkWriter } from '../../src/tasks/import-writer.ts';
import { postgresTarget, sqliteTarget } from '../helpers/import-data.ts';
import { postgresSkip } from '../helpers/postgres.ts';

// The write stage's chunk writer against a real SQLite file and the test PostgreSQL server: an
// upsert on a key of two columns counts inserted and updated rows, a row the database refuses is
// rejected alone while the rest of its chunk is written, and a chunk the ledger has is never
// written twice — also when a second writer (an attempt that lost its lease) writes it again.

describe('import chunk writer', { skip: await postgresSkip() }, () => {
  for (const make of [sqliteTarget, postgresTarget]) {
    test(`${make === sqliteTarget ? 'SQLite' : 'PostgreSQL'}: two-column key upsert, a refused row alone, a chunk once`, async () => {
      const fixture = await make();
      const table = fixture.table('pairs');
      try {
        await fixture.query(`CREATE TABLE ${table} (a INTEGER NOT NULL, b TEXT NOT NULL, v TEXT CHECK (v <> 'bad'), PRIMARY KEY (a, b))`);
        const db = await openDatabase('target', fixture.location);
        const columns = new Map([['a', 'a'], ['b', 'b'], ['v', 'v']]);
        const writer = (taskId: string) => createChunkWriter({ db, taskId, table, columns, key: ['a', 'b'], mode: 'upsert' });
        try {
          const first = writer('tsk_first');
          assert.deepEqual(await first.prepare(), new Map());
          const rows = Array.from({ length: 120 }, (_, i) => ({ line: i + 2, values: { a: i, b: `k${i % 3}`, v: i === 77 ? 'bad' : `v${i}` } }));
          const one = await first.write(0, rows);
          assert.equal(one.inserted, 119);
          assert.equal(one.updated, 0);
          assert.equal(one.refused.length, 1);
          assert.equal(one.refused[0]!.line, 79);
          assert.match(one.refused[0]!.reason, /^refused by the database: .*check/i);

          const second = writer('tsk_second');
          await second.prepare();
          const again = await second.write(0, [
            { line: 2, values: { a: 1, b: 'k1', v: 'changed' } },
            { line: 3, values: { a: 1000, b: 'new', v: 'new' } },
          ]);
          assert.deepEqual(again, { rows: 2, inserted: 1, updated: 1, refused: [] });
          const [count] = await fixture.query(`SELECT count(*) AS n FROM ${table}`);
          assert.equal(Number(count!.n), 120);
          const [changed] = await fixture.query(`SELECT v FROM ${table} WHERE a = 1 AND b = 'k1'`);
          assert.equal(changed!.v, 'changed');

          // The same chunk of the first task again (a writer that lost its lease): the ledger's
          // primary key refuses it, nothing is written twice, and the first outcome is the answer.
          const late = writer('tsk_first');
          assert.deepEqual([...(await late.prepare()).keys()], [0], 'the ledger has chunk 0');
          assert.deepEqual(await late.write(0, rows.map((r) => ({ ...r, values: { ...r.values, v: 'late' } }))), one);
          const [lateRows] = await fixture.query(`SELECT count(*) AS n FROM ${table} WHERE v = 'late'`);
          assert.equal(Number(lateRows!.n), 0, 'the late write was rolled back');
        } finally {
          await db.close();
        }
      } finally {
        await fixture.drop();
      }
    });
  }
});
