import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

/** A migrated SQLite store on a fresh file in its own temp directory; close() removes the directory. */
export async function tempSqliteStore(): Promise<{ store: Store; path: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-sqlite-'));
  const path = join(dir, 'offload.db');
  const store = await openSqliteStore({ path });
  await store.migrate();
  return {
    store,
    path,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
