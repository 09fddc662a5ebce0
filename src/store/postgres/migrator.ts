import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

// Numbered, forward-only migrations aligned with src/store/sqlite/migrations (same numbers, same
// meaning). Each runs in its own transaction that first takes a transaction-scoped advisory lock, so
// processes starting together apply every migration exactly once; the version is recorded in the same
// transaction, so a crash never leaves a half-applied migration marked as done.

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(): Migration[] {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.sql$/.test(f));
  const migrations = files
    .map((name) => ({
      version: Number.parseInt(name, 10),
      name,
      sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`postgres migrations: expected version ${i + 1}, found ${m.name}`);
  });
  return migrations;
}

/** Keyed by schema, so tests in separate schemas do not wait for each other. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('offload.migrate:' || current_schema()))`;
const ENSURE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at BIGINT NOT NULL
)`;
const CURRENT_SQL = `SELECT COALESCE(max(version), 0)::int AS version FROM schema_migrations`;

export async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<{ from: number; to: number }> {
  const codeVersion = migrations.length;
  let from: number | null = null;
  let to = 0;
  // One pass per migration: each one commits on its own, as the design asks.
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(LOCK_SQL);
      await client.query(ENSURE_TABLE_SQL);
      const current = (await client.query<{ version: number }>(CURRENT_SQL)).rows[0]!.version;
      from ??= current;
      to = current;
      if (current > codeVersion) {
        throw new Error(
          `database schema version ${current} is newer than this code (${codeVersion}): upgrade Offload before starting it`,
        );
      }
      const migration = migrations[current];
      if (!migration) {
        await client.query('COMMIT');
        return { from, to };
      }
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ]);
      await client.query('COMMIT');
      to = migration.version;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}

/** 0 when the schema was never migrated. */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const res = await pool.query<{ version: number | null }>(
    `SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 END AS version`,
  );
  if (res.rows[0]!.version === 0) return 0;
  return (await pool.query<{ version: number }>(CURRENT_SQL)).rows[0]!.version;
}
