import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/store.ts';
import type { Store } from '../../src/store/store.ts';

// PostgreSQL for tests: the local server (or OFFLOAD_TEST_POSTGRES_URL), one fresh schema per store,
// dropped on close, so test files run in parallel without seeing each other's rows.

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | null> | null = null;

/** The test server's URL, or null when nothing answers within ~2 s. */
export function postgresUrl(): Promise<string | null> {
  reachable ??= probe(process.env.OFFLOAD_TEST_POSTGRES_URL || DEFAULT_URL);
  return reachable;
}

async function probe(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * For `describe(name, { skip: await postgresSkip() }, …)`: a skip message when no server is
 * reachable, false when it is. On CI a missing server is a failure, never a silent skip.
 */
export async function postgresSkip(): Promise<string | false> {
  if (await postgresUrl()) return false;
  const url = process.env.OFFLOAD_TEST_POSTGRES_URL || DEFAULT_URL;
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL tests: no server reachable at ${url} (CI=true, so this fails instead of skipping)`);
  }
  return `PostgreSQL tests skipped: no server reachable at ${url} (set OFFLOAD_TEST_POSTGRES_URL)`;
}

/** For a single test: skips it (or, on CI, fails it) when no server is reachable; true when it may run. */
export async function postgresOrSkip(t: { skip(message?: string): void }): Promise<boolean> {
  const reason = await postgresSkip();
  if (reason) t.skip(reason);
  return reason === false;
}

export function randomSchemaName(): string {
  return `offload_test_${randomBytes(6).toString('hex')}`;
}

export interface TempPostgresStore {
  store: Store;
  schema: string;
  url: string;
  close(): Promise<void>;
}

/** A migrated store in a fresh schema; `close` closes it and drops the schema. */
export async function tempPostgresStore(
  options: Partial<PostgresStoreOptions> & { migrate?: boolean } = {},
): Promise<TempPostgresStore> {
  const url = await postgresUrl();
  if (!url) throw new Error('tempPostgresStore: no PostgreSQL server reachable');
  const schema = options.schema ?? randomSchemaName();
  const store = await openPostgresStore({ url, poolSize: 4, ...options, schema });
  if (options.migrate !== false) await store.migrate();
  return {
    store,
    schema,
    url,
    async close() {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end().catch(() => {});
  }
}
