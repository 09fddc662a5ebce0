import type { FileChunk, FileChunkStore } from '../file-chunk-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';

// The bytes of the `database` driver's files (bytea), one chunk per row.

const Q = loadQueries(new URL('./file-chunk-store.sql', import.meta.url), [
  'fileChunkPut', 'fileChunkAt', 'fileChunkAfter', 'fileChunksDelete',
] as const);

/** The slices of one chunk (file-chunk-store.sql), joined. */
function chunkFromRows(rows: Row[]): FileChunk | null {
  if (rows.length === 0) return null;
  const parts = rows.map((r) => r.part as Buffer);
  return { pos: rows[0]!.pos as number, data: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
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
      return chunkFromRows(await sql.rows('fileChunkAt', [blobKey, pos]));
    },
    async fileChunkAfter({ blobKey, pos }) {
      return chunkFromRows(await sql.rows('fileChunkAfter', [blobKey, pos]));
    },
    async fileChunksDelete({ blobKey }) {
      return (await sql.run('fileChunksDelete', [blobKey])).rowCount ?? 0;
    },
  };
}
