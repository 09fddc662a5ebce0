import type { Command } from 'commander';
import { ProblemError } from '../domain/problems.ts';
import { apiKeyView, createApiKey, listApiKeys, revokeApiKey, TENANT_PATTERN } from '../operations/api-keys.ts';
import type { WorkerKeyScope } from '../store/api-key-store.ts';
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
      .option('--worker', 'a worker key: it may only claim and report tasks of --types (the HTTP worker protocol)')
      .option('--types <a,b>', 'with --worker: the task types it serves (comma-separated)')
      .option('--all-tenants', 'with --worker: serve every tenant’s tasks, not only --tenant’s')
      .option('--json', 'print {"key","id","tenant","admin"} (and "worker" for a worker key)'),
    { create: true },
  ).action(async (flags: Flags & { tenant: string; name?: string; admin?: boolean; worker?: boolean; types?: string; allTenants?: boolean }) => {
    if (!TENANT_PATTERN.test(flags.tenant)) throw new UsageError(`--tenant must match ${TENANT_PATTERN}`);
    const worker = workerScope(flags);
    await withStore(flags, flags.create === true, async (store) => {
      const { key, row } = await createApiKey(store, { tenant: flags.tenant, name: flags.name, admin: flags.admin, worker });
      output(flags.json, { key, id: row.id, tenant: row.tenant, admin: row.admin, ...(row.worker ? { worker: row.worker } : {}) }, () => key);
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
          .map((k) => `${k.id}  tenant=${k.tenant}${k.admin ? ' admin' : ''}${k.worker ? ` worker types=${k.worker.types.join(',')}${k.worker.allTenants ? ' all-tenants' : ''}` : ''}${k.name ? ` name=${k.name}` : ''}${k.revokedAt ? ' REVOKED' : ''}  created=${new Date(k.createdAt).toISOString()}`)
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

const TYPE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function workerScope(flags: { admin?: boolean; worker?: boolean; types?: string; allTenants?: boolean }): WorkerKeyScope | undefined {
  if (!flags.worker) {
    if (flags.types !== undefined || flags.allTenants) throw new UsageError('--types and --all-tenants need --worker');
    return undefined;
  }
  if (flags.admin) throw new UsageError('--worker and --admin exclude each other: a worker key may only claim and report tasks');
  const types = [...new Set((flags.types ?? '').split(',').map((t) => t.trim()).filter(Boolean))];
  if (types.length === 0) throw new UsageError('--worker needs --types a,b (the task types the key serves)');
  const bad = types.find((t) => !TYPE_PATTERN.test(t));
  if (bad) throw new UsageError(`--types: "${bad}" is not a task type name (${TYPE_PATTERN})`);
  return { types, allTenants: flags.allTenants === true };
}

export { createApiKey };
