import type { FileChunk, FileChunkStore } from '../file-chunk-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import type { SqlRow } from './row-mapping.ts';

// The bytes of the `database` driver's files (BLOBs), one chunk per row.

const Q = loadQueries(new URL('./file-chunk-store.sql', import.meta.url), [
  'fileChunkPut', 'fileChunkAt', 'fileChunkAfter', 'fileChunksDelete',
] as const);

function chunkFromRow(r: SqlRow | undefined): FileChunk | null {
  if (!r) return null;
  return { pos: r.pos as number, data: (r as unknown as { data: Uint8Array }).data };
}

export function sqliteFileChunkStore(c: SqliteConnection): SyncPart<FileChunkStore> {
  const sql = c.queries(Q);
  // A file streaming through fills the connection's page cache (32 MB) with chunk pages that will not
  // be read again soon, evicting the task store's own. Every 16 chunks the cache is given back
  // (PRAGMA shrink_memory), so a 200 MB transfer keeps the process ~35 MB smaller (measured: peak
  // RSS ~215 MB instead of ~250 MB for 200 MB up and back) for a few percent of its speed.
  let sinceShrink = 0;
  const shrink = () => {
    if (++sinceShrink < 16 || c.inTransaction) return;
    sinceShrink = 0;
    c.db.exec('PRAGMA shrink_memory');
  };

  return {
    fileChunkPut(p, sink) {
      c.write1(sink, () => sql.run('fileChunkPut', p));
      shrink();
    },
    fileChunkAt: (p) => chunkFromRow(sql.get('fileChunkAt', p)),
    fileChunkAfter(p) {
      shrink();
      return chunkFromRow(sql.get('fileChunkAfter', p));
    },
    fileChunksDelete: (p, sink) => c.write1(sink, () => Number(sql.run('fileChunksDelete', p).changes)),
  };
}
