import type { Store } from '../../src/store/store.ts';
import { postgresSkip, tempPostgresStore } from './postgres.ts';
import { tempSqliteStore } from './sqlite.ts';

// The store backend the API tests run against: OFFLOAD_TEST_BACKEND=sqlite (default) or postgres.
// `npm test` runs test/api/ once per backend. A test file wraps its tests in
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
  /** Closes the store and removes its data (SQLite file / PostgreSQL schema). Safe after store.close(). */
  close(): Promise<void>;
}

/** A fresh, migrated store on the run's backend (SQLite: own temp file; PostgreSQL: own schema). */
export async function tempStore(): Promise<TempStore> {
  if (backend === 'sqlite') {
    const db = await tempSqliteStore();
    return { store: db.store, backend, close: () => db.close() };
  }
  const skip = await postgresSkip();
  if (skip) throw new Error(`tempStore [postgres]: ${skip}`);
  const db = await tempPostgresStore();
  return { store: db.store, backend, close: () => db.close() };
}
