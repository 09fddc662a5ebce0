import { isPostgresUrl } from '../config/config-formats.ts';
import type { SourceDatabase } from './source-database.ts';

// The one door to the configured databases (config `databases`): the dialect follows the location,
// and each dialect's driver module is loaded only when used.

export interface OpenDatabaseOptions {
  /** A relative SQLite path is resolved against this (default: the process's working directory). */
  cwd?: string;
}

/** Opens a configured database by its location; the driver module is loaded only when used. */
export async function openDatabase(name: string, location: string, options: OpenDatabaseOptions = {}): Promise<SourceDatabase> {
  if (isPostgresUrl(location)) {
    const { openPostgresSource } = await import('./postgres-source.ts');
    return openPostgresSource(name, location);
  }
  const { openSqliteSource } = await import('./sqlite-source.ts');
  return openSqliteSource(name, location, options.cwd ?? process.cwd());
}

/** A database of config `databases` by its name (names are checked against the config at start). */
export function openConfiguredDatabase(
  databases: Readonly<Record<string, string>>,
  name: string,
  options: OpenDatabaseOptions = {},
): Promise<SourceDatabase> {
  const location = databases[name];
  if (location === undefined) {
    const known = Object.keys(databases);
    throw new Error(`no database "${name}" in config databases (${known.length > 0 ? `configured: ${known.join(', ')}` : 'none configured'})`);
  }
  return openDatabase(name, location, options);
}
