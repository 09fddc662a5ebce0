import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';

/** A migrated SQLite store on a fresh file in its own temp directory; close() removes the directory. */
export async function tempSqliteStore(): Promise<{ store: Store; path: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-sqlite-'));
  const path = join(dir, 'offload.db');
  const store = await openSqliteStore({ path });
  await store.migrate();
  return {
    store,
    path,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const MIGRATIONS_DIR = new URL('../../src/store/sqlite/migrations/', import.meta.url);

/**
 * For migration tests: a fresh SQLite file at an older schema `version`, built from the real migration
 * files and recorded as the migrator records them, so a store opened on it migrates only what follows.
 * `seed` writes rows of that schema; close() removes the directory.
 */
export async function sqliteFileAtSchema(
  version: number,
  seed: (db: DatabaseSync) => void = () => {},
): Promise<{ path: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-sqlite-'));
  const path = join(dir, 'offload.db');
  const db = new DatabaseSync(path);
  try {
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+_[\w-]+\.sql$/.test(f) && Number.parseInt(f, 10) <= version)
      .sort();
    if (files.length !== version) throw new Error(`sqliteFileAtSchema: ${files.length} migration files up to ${version}`);
    for (const file of files) {
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(Number.parseInt(file, 10), Date.now());
      db.exec(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
    }
    seed(db);
  } finally {
    db.close();
  }
  return { path, close: () => rm(dir, { recursive: true, force: true }) };
}
