import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from './cluster.ts';
import { postgresSkip, tempPostgresStore } from './postgres.ts';
import { tempSqliteStore } from './sqlite.ts';

// The store backend the backend-neutral tests run against: OFFLOAD_TEST_BACKEND=sqlite (default) or
// postgres. `npm test` runs test/api, test/operations, test/engine, test/services and test/webhooks once per backend
// (scripts/test-postgres.ts runs the second pass, or says why it cannot). A test file wraps its tests in
// `describe(onBackend('…'), { skip: await backendSkip() }, …)`, so every name says which backend ran it
// and, on postgres without a reachable server, the file is skipped with the reason — or, with
// CI=true, fails (postgresSkip throws: CI never skips silently).

export type TestBackend = 'sqlite' | 'postgres';

function parseBackend(value: string | undefined): TestBackend {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'sqlite') return 'sqlite';
  if (v === 'postgres' || v === 'postgresql' || v === 'pg') return 'postgres';
  throw new Error(`OFFLOAD_TEST_BACKEND=${value}: expected "sqlite" (default) or "postgres"`);
}

/** The backend of this test run. */
export const backend: TestBackend = parseBackend(process.env.OFFLOAD_TEST_BACKEND);

/** `name [backend]`: for suite and test names, so output and failures say which backend ran. */
export function onBackend(name: string): string {
  return `${name} [${backend}]`;
}

/**
 * For `describe(name, { skip: await backendSkip() }, …)`: false when the backend is usable; on postgres
 * without a reachable server the skip message, or (CI=true) a thrown error that fails the file.
 */
export async function backendSkip(): Promise<string | false> {
  if (backend === 'sqlite') return false;
  return postgresSkip();
}

export interface TempStore {
  store: Store;
  backend: TestBackend;
  /**
   * Another store instance on the same data (another process, as far as the database can tell: its
   * own connection(s), no shared in-process events). Closed by `close`.
   */
  openAnother(): Promise<Store>;
  /** Closes the store(s) and removes the data (SQLite file / PostgreSQL schema). Safe after store.close(). */
  close(): Promise<void>;
}

/** A fresh, migrated store on the run's backend (SQLite: own temp file; PostgreSQL: own schema). */
export async function tempStore(): Promise<TempStore> {
  const others: Store[] = [];
  const closeOthers = async () => {
    for (const other of others.splice(0)) await other.close();
  };
  if (backend === 'sqlite') {
    const db = await tempSqliteStore();
    return {
      store: db.store,
      backend,
      async openAnother() {
        const other = await openSqliteStore({ path: db.path });
        others.push(other);
        return other;
      },
      async close() {
        await closeOthers();
        await db.close();
      },
    };
  }
  const skip = await postgresSkip();
  if (skip) throw new Error(`tempStore [postgres]: ${skip}`);
  const db = await tempPostgresStore();
  return {
    store: db.store,
    backend,
    async openAnother() {
      const other = await openPostgresStore({ url: db.url, schema: db.schema, poolSize: 4 });
      others.push(other);
      return other;
    },
    async close() {
      await closeOthers();
      await db.close();
    },
  };
}

/**
 * A fresh `database` setting for a whole node (startNode, `offload serve`) on the run's backend: a
 * SQLite file in its own temp directory, or a PostgreSQL database of its own. `drop` removes it.
 */
export async function tempDatabase(): Promise<{ database: string; drop(): Promise<void> }> {
  if (backend === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'offload-node-'));
    return { database: join(dir, 'offload.db'), drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const skip = await postgresSkip();
  if (skip) throw new Error(`tempDatabase [postgres]: ${skip}`);
  const db = await createTestDatabase();
  return { database: db.url, drop: () => db.drop() };
}
