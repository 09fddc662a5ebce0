import { apiKeyHash } from '../api/api-key-hash.ts';
import type { Config } from '../config/defaults.ts';
import { newId, newSecret } from '../domain/ids.ts';
import { openStore } from '../store/open-store.ts';
import type { ApiKeyRow, Store } from '../store/store.ts';
import { output, parseFlags, UsageError } from './args.ts';

// API keys are managed against the database directly (an operator task): the clear key is shown
// once, only its sha256 is stored.

export async function createApiKey(
  store: Store,
  params: { tenant: string; name?: string | null; admin?: boolean },
): Promise<{ key: string; row: ApiKeyRow }> {
  const key = newSecret('ok');
  const row: ApiKeyRow = {
    id: newId('key'),
    tenant: params.tenant,
    name: params.name ?? null,
    admin: params.admin === true,
    createdAt: Date.now(),
    revokedAt: null,
    lastUsedAt: null,
  };
  await store.apiKeyCreate({ key: row, hash: apiKeyHash(key) });
  return { key, row };
}

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function keysCommand(argv: string[], config: Readonly<Config>): Promise<void> {
  const { values, positionals } = parseFlags(argv, {
    tenant: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    database: { type: 'string' },
    config: { type: 'string' },
  });
  const [sub, arg] = positionals;
  const store = await openStore(config);
  try {
    await store.migrate();
    if (sub === 'create') {
      const tenant = values.tenant ?? 'default';
      if (!TENANT_PATTERN.test(tenant)) throw new UsageError(`--tenant must match ${TENANT_PATTERN}`);
      const { key, row } = await createApiKey(store, { tenant, name: values.name, admin: values.admin });
      output(values.json, { key, id: row.id, tenant: row.tenant, admin: row.admin }, () => key);
    } else if (sub === 'list') {
      const keys = await store.apiKeyList({ tenant: values.tenant ?? null });
      output(values.json, keys.map(publicKey), () =>
        keys
          .map((k) => `${k.id}  tenant=${k.tenant}${k.admin ? ' admin' : ''}${k.name ? ` name=${k.name}` : ''}${k.revokedAt ? ' REVOKED' : ''}  created=${new Date(k.createdAt).toISOString()}`)
          .join('\n') || '(no keys)',
      );
    } else if (sub === 'revoke') {
      if (!arg) throw new UsageError('usage: offload keys revoke <key id>');
      const revoked = await store.apiKeyRevoke({ id: arg, now: Date.now() });
      if (!revoked) throw new UsageError(`no active key with id ${arg}`);
      output(values.json, { id: arg, revoked: true }, () => `revoked ${arg}`);
    } else {
      throw new UsageError('usage: offload keys create --tenant T [--name N] [--admin] | list [--tenant T] | revoke <id>');
    }
  } finally {
    await store.close();
  }
}

function publicKey(k: ApiKeyRow) {
  return {
    id: k.id,
    tenant: k.tenant,
    name: k.name,
    admin: k.admin,
    createdAt: new Date(k.createdAt).toISOString(),
    revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
  };
}
