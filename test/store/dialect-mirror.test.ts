import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

// The dialect folders mirror each other file by file, so a reader can diff one against the other:
// the same TypeScript files, the same .sql files, the same numbered migrations, and an
// implementation and a query file in each for every part interface in src/store.

const STORE = new URL('../../src/store/', import.meta.url);
const DIALECTS = ['sqlite', 'postgres'] as const;

const files = (dir: URL, ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
const inDialect = (dialect: string, ext: string, sub = '') => files(new URL(`${dialect}/${sub}`, STORE), ext);

function queryNames(dialect: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const file of inDialect(dialect, '.sql')) {
    const text = readFileSync(new URL(`${dialect}/${file}`, STORE), 'utf8');
    for (const m of text.matchAll(/^--\s*name:\s*([A-Za-z0-9_]+)\s*$/gm)) names.set(m[1]!, [...(names.get(m[1]!) ?? []), file]);
  }
  return names;
}

describe('store dialect folders', () => {
  test('sqlite/ and postgres/ hold the same TypeScript files', () => {
    assert.deepEqual(inDialect('sqlite', '.ts'), inDialect('postgres', '.ts'));
  });

  test('sqlite/ and postgres/ hold the same .sql query files and the same migration files', () => {
    assert.deepEqual(inDialect('sqlite', '.sql'), inDialect('postgres', '.sql'));
    assert.deepEqual(inDialect('sqlite', '.sql', 'migrations/'), inDialect('postgres', '.sql', 'migrations/'));
  });

  test('every part interface has an implementation and a query file of its name in each dialect', () => {
    const parts = files(STORE, '-store.ts').filter((f) => f !== 'open-store.ts');
    assert.ok(parts.length >= 6, `parts: ${parts.join(', ')}`);
    for (const dialect of DIALECTS) {
      const ts = inDialect(dialect, '.ts');
      const sql = inDialect(dialect, '.sql');
      for (const part of parts) {
        assert.ok(ts.includes(part), `${dialect}/${part} is missing`);
        assert.ok(sql.includes(part.replace(/\.ts$/, '.sql')), `${dialect}/${part.replace(/\.ts$/, '.sql')} is missing`);
      }
    }
  });

  test('a query name is defined once per dialect (PostgreSQL prepares statements by name)', () => {
    for (const dialect of DIALECTS) {
      const twice = [...queryNames(dialect)].filter(([, where]) => where.length > 1);
      assert.deepEqual(twice, [], `${dialect}: query names defined more than once`);
    }
  });
});
