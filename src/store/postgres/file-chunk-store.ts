import type { FileChunk, FileChunkStore } from '../file-chunk-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';

// The bytes of the `database` driver's files (bytea), one chunk per row.

const Q = loadQueries(new URL('./file-chunk-store.sql', import.meta.url), [
  'fileChunkPut', 'fileChunkAt', 'fileChunkAfter', 'fileChunksDelete',
] as const);

function chunkFromRow(r: Row | undefined): FileChunk | null {
  return r ? { pos: r.pos as number, data: r.data as Buffer } : null;
}

export function postgresFileChunkStore(ctx: StoreContext): FileChunkStore {
  const sql = ctx.queries(Q);

  return {
    async fileChunkPut({ blobKey, pos, data }) {
      // pg sends a Buffer as bytea; a plain Uint8Array would be sent as text.
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      await sql.run('fileChunkPut', [blobKey, pos, bytes]);
    },
    async fileChunkAt({ blobKey, pos }) {
      return chunkFromRow((await sql.rows('fileChunkAt', [blobKey, pos]))[0]);
    },
    async fileChunkAfter({ blobKey, pos }) {
      return chunkFromRow((await sql.rows('fileChunkAfter', [blobKey, pos]))[0]);
    },
    async fileChunksDelete({ blobKey }) {
      return (await sql.run('fileChunksDelete', [blobKey])).rowCount ?? 0;
    },
  };
}
