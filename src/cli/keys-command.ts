import type { Command } from 'commander';
import { ProblemError } from '../domain/problems.ts';
import { apiKeyView, createApiKey, listApiKeys, revokeApiKey, TENANT_PATTERN } from '../operations/api-keys.ts';
import type { Store } from '../store/store.ts';
import { output } from './args.ts';
import { CliError, UsageError } from './cli-error.ts';
import { openCommandStore, type StoreFlags, storeConfig, storeOptions } from './store-access.ts';

// API keys are managed against the database directly (an operator task) with the commands of
// src/operations/api-keys.ts: the clear key is shown once, only its sha256 is stored.


type Flags = StoreFlags & { json?: boolean };

async function withStore<T>(flags: Flags, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCommandStore(storeConfig(flags), { create });
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage API keys, directly in the database')
    .addHelpText('after', '\nThe database must exist (start the server once, or run `offload migrate`), unless `keys create --create`.');

  storeOptions(
    keys
      .command('create')
      .description('create an API key and print it (shown once)')
      .option('--tenant <tenant>', 'tenant the key belongs to', 'default')
      .option('--name <name>', 'a label for the key')
      .option('--admin', 'the key sees every tenant')
      .option('--json', 'print {"key","id","tenant","admin"}'),
    { create: true },
  ).action(async (flags: Flags & { tenant: string; name?: string; admin?: boolean }) => {
    if (!TENANT_PATTERN.test(flags.tenant)) throw new UsageError(`--tenant must match ${TENANT_PATTERN}`);
    await withStore(flags, flags.create === true, async (store) => {
      const { key, row } = await createApiKey(store, { tenant: flags.tenant, name: flags.name, admin: flags.admin });
      output(flags.json, { key, id: row.id, tenant: row.tenant, admin: row.admin }, () => key);
    });
  });

  storeOptions(
    keys
      .command('list')
      .description('list API keys (never the keys themselves)')
      .option('--tenant <tenant>', 'only this tenant’s keys')
      .option('--json', 'print a JSON array'),
  ).action(async (flags: Flags & { tenant?: string }) => {
    await withStore(flags, false, async (store) => {
      const rows = await listApiKeys(store, { tenant: flags.tenant ?? null });
      output(flags.json, rows.map((k) => apiKeyView(k)), () =>
        rows
          .map((k) => `${k.id}  tenant=${k.tenant}${k.admin ? ' admin' : ''}${k.name ? ` name=${k.name}` : ''}${k.revokedAt ? ' REVOKED' : ''}  created=${new Date(k.createdAt).toISOString()}`)
          .join('\n') || '(no keys)',
      );
    });
  });

  storeOptions(
    keys
      .command('revoke')
      .description('revoke an API key by its id (key_…)')
      .argument('<id>', 'the key’s id, as `keys list` shows it')
      .option('--json', 'print {"id","revoked"}'),
  ).action(async (id: string, flags: Flags) => {
    await withStore(flags, false, async (store) => {
      // Takes effect at once on this database; API nodes see it within their key cache's 5 s.
      const revoked = await revokeApiKey(store, { id }).then(
        () => true,
        (err: unknown) => {
          if (err instanceof ProblemError && err.code === 'not-found') return false;
          throw err;
        },
      );
      if (!revoked) throw new CliError('failure', `no active key with id ${id}`);
      output(flags.json, { id, revoked: true }, () => `revoked ${id}`);
    });
  });
}

export { createApiKey };
