import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readQueryProblem, scanSql } from '../../src/domain/sql-text.ts';
import { bindParameters } from '../../src/sources/named-parameters.ts';

test('named parameters are found outside strings, identifiers, comments and casts', () => {
  const sql = `SELECT ':no', "col:no", x::text, $$ :no $$, $t$ ; :no $t$, E'it\\'s :no' -- :no ;
    /* :no ; */ FROM t WHERE a = :since AND b IN (:kind, :since) AND c = [x:no]`;
  assert.deepEqual(scanSql(sql).parameters.map((p) => p.name), ['since', 'kind', 'since']);
  assert.equal(scanSql(sql).statements, 1);
  assert.equal(scanSql(sql).firstWord, 'select');
});

test('one function binds them per dialect; a name used twice is one placeholder', () => {
  const sql = 'SELECT * FROM t WHERE a >= :since AND b = :kind OR c >= :since';
  assert.deepEqual(bindParameters(sql, { since: '2024', kind: 'x', extra: 1 }, 'postgres'), {
    sql: 'SELECT * FROM t WHERE a >= $1 AND b = $2 OR c >= $1',
    values: ['2024', 'x'],
  });
  assert.equal(bindParameters(sql, { since: '2024', kind: 'x' }, 'sqlite').sql, 'SELECT * FROM t WHERE a >= ?1 AND b = ?2 OR c >= ?1');
  assert.throws(() => bindParameters(sql, { since: '2024' }, 'sqlite'), /uses :kind, which has no value/);
});

test('a read query is one SELECT, WITH or VALUES statement', () => {
  assert.equal(readQueryProblem('SELECT 1;'), null);
  assert.equal(readQueryProblem('-- orders\n with x as (select 1) select * from x'), null);
  assert.match(readQueryProblem('SELECT 1; DELETE FROM t') ?? '', /holds 2 statements/);
  assert.match(readQueryProblem('DELETE FROM t') ?? '', /starts with "delete"/);
  assert.match(readQueryProblem('  ;; -- nothing') ?? '', /is empty/);
  assert.equal(readQueryProblem("SELECT ';' AS semi"), null);
});
