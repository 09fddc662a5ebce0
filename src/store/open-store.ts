import type { Config } from '../config/defaults.ts';
import type { Store } from './store.ts';

export interface StoreLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** `database` is a SQLite file path or a `postgres://` URL; the driver is loaded only when used. */
export async function openStore(config: Readonly<Config>, logger?: StoreLogger): Promise<Store> {
  if (isPostgresUrl(config.database)) {
    const { openPostgresStore } = await import('./postgres/store.ts');
    return openPostgresStore({ url: config.database, poolSize: config.postgres.poolSize, logger });
  }
  const { openSqliteStore } = await import('./sqlite/store.ts');
  return openSqliteStore({ path: config.database, synchronous: config.sqlite.synchronous });
}

/** For logs and messages: never print a password. */
export function describeDatabase(database: string): string {
  if (!isPostgresUrl(database)) return `sqlite:${database}`;
  try {
    const url = new URL(database);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres:(unparseable url)';
  }
}
