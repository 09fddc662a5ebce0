import type { ApiKeyStore } from '../api-key-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { apiKeyFromRow } from './row-mapping.ts';

// API keys, stored hashed (booleans as 0/1).

const Q = loadQueries(new URL('./api-key-store.sql', import.meta.url), [
  'apiKeyCreate', 'apiKeyByHash', 'apiKeyList', 'apiKeyRevoke', 'apiKeyCount',
] as const);

export function sqliteApiKeyStore(c: SqliteConnection): SyncPart<ApiKeyStore> {
  const sql = c.queries(Q);

  return {
    apiKeyCreate({ key, hash }, sink) {
      c.write1(sink, () =>
        sql.run('apiKeyCreate', {
          ...key,
          admin: key.admin ? 1 : 0,
          hash,
          workerTypes: key.worker ? JSON.stringify(key.worker.types) : null,
          workerAllTenants: key.worker?.allTenants ? 1 : 0,
        }),
      );
    },
    apiKeyByHash(p) {
      const r = sql.get('apiKeyByHash', p);
      return r ? apiKeyFromRow(r) : null;
    },
    apiKeyList: (p) => sql.all('apiKeyList', p).map(apiKeyFromRow),
    apiKeyRevoke: (p, sink) => c.write1(sink, () => sql.get('apiKeyRevoke', p) !== undefined),
    apiKeyCount: () => (sql.get('apiKeyCount')?.n as number) ?? 0,
  };
}
