import type { ApiKeyStore } from '../api-key-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { StoreContext } from './connection.ts';
import { apiKeyFromRow } from './row-mapping.ts';

// API keys, stored hashed.

const Q = loadQueries(new URL('./api-key-store.sql', import.meta.url), [
  'apiKeyCreate', 'apiKeyByHash', 'apiKeyList', 'apiKeyRevoke', 'apiKeyCount',
] as const);

export function postgresApiKeyStore(ctx: StoreContext): ApiKeyStore {
  const sql = ctx.queries(Q);

  return {
    async apiKeyCreate({ key, hash }) {
      await sql.run('apiKeyCreate', [
        key.id, key.tenant, key.name, hash, key.admin, key.createdAt, key.revokedAt, key.lastUsedAt,
        key.worker ? key.worker.types : null, key.worker?.allTenants === true,
      ]);
    },

    async apiKeyByHash({ hash }) {
      const row = (await sql.rows('apiKeyByHash', [hash]))[0];
      return row ? apiKeyFromRow(row) : null;
    },

    async apiKeyList({ tenant }) {
      return (await sql.rows('apiKeyList', [tenant])).map(apiKeyFromRow);
    },

    async apiKeyRevoke({ id, now }) {
      return (await sql.rows('apiKeyRevoke', [id, now])).length > 0;
    },

    async apiKeyCount() {
      return (await sql.rows('apiKeyCount', []))[0]!.count as number;
    },
  };
}
