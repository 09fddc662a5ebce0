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

  return {
    fileChunkPut(p, sink) {
      c.write1(sink, () => sql.run('fileChunkPut', p));
    },
    fileChunkAt: (p) => chunkFromRow(sql.get('fileChunkAt', p)),
    fileChunkAfter: (p) => chunkFromRow(sql.get('fileChunkAfter', p)),
    fileChunksDelete: (p, sink) => c.write1(sink, () => Number(sql.run('fileChunksDelete', p).changes)),
  };
}
