import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config/defaults.ts';
import { loadConfig } from '../config/load-config.ts';
import { isPostgresUrl, openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { UsageError } from './cli-error.ts';

// Commands that work on the database directly (keys, migrate). A SQLite path that names no file is
// almost always a wrong path or a forgotten --database: opening it would create an empty database
// and act on that, so only `migrate` and an explicit --create may create one.

export interface StoreFlags {
  database?: string;
  config?: string;
  create?: boolean;
}

/** --database and --config on a store command. */
export function storeOptions(command: Command, options: { create?: boolean } = {}): Command {
  command
    .option('--database <path|url>', 'SQLite file or postgres:// URL (OFFLOAD_DATABASE; default ./data/offload.db)')
    .option('--config <file>', 'config file (OFFLOAD_CONFIG; default ./offload.config.json)');
  if (options.create) command.option('--create', 'create the SQLite database if the file does not exist');
  return command;
}

export function storeConfig(flags: StoreFlags): Readonly<Config> {
  return loadConfig({ file: flags.config, overrides: flags.database ? { database: flags.database } : {} });
}

export async function openCommandStore(config: Readonly<Config>, options: { create: boolean }): Promise<Store> {
  if (!options.create && !isPostgresUrl(config.database) && !existsSync(config.database)) {
    throw new UsageError(
      `no database at ${config.database}: give the server's with --database PATH|URL (or OFFLOAD_DATABASE), or add --create to create a new one there`,
    );
  }
  return openStore(config);
}
