import { readdirSync, readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

// Forward-only numbered migrations: migrations/NNN_name.sql. Each runs in its own BEGIN IMMEDIATE
// transaction (SQLite DDL is transactional), which also serialises migrators across processes: the
// second one waits for the write lock, re-reads the version and skips what is already applied.

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

interface Migration {
  version: number;
  sql: string;
}

function loadMigrations(): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(MIGRATIONS_DIR)) {
    const m = /^(\d+)_[\w-]+\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') });
  }
  out.sort((a, b) => a.version - b.version);
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new Error(`sqlite migrations: expected version ${i + 1}, found ${mig.version}`);
  });
  return out;
}

const MIGRATIONS = loadMigrations();

/** The schema version this code knows. */
export const CODE_SCHEMA_VERSION = MIGRATIONS.length;

/** The version recorded in the database (0 when never migrated). */
export function schemaVersion(db: DatabaseSync): number {
  const table = db
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function refuseNewer(version: number): void {
  if (version > CODE_SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${version} is newer than this code knows (${CODE_SCHEMA_VERSION}): upgrade Offload before using this database`,
    );
  }
}

export function migrate(db: DatabaseSync): { from: number; to: number } {
  db.exec('BEGIN IMMEDIATE');
  let from: number;
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    from = schemaVersion(db);
    refuseNewer(from);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  let to = from;
  for (const mig of MIGRATIONS) {
    if (mig.version <= to) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      const current = schemaVersion(db);
      refuseNewer(current);
      if (current < mig.version) {
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(mig.version, Date.now());
        db.exec(mig.sql);
      }
      db.exec('COMMIT');
      to = Math.max(current, mig.version);
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  return { from, to };
}
