import { Readable } from 'node:stream';
import type { FileChunkStore } from '../store/file-chunk-store.ts';
import { type BlobDriver, BlobNotFoundError, type ByteRange, checkBlobKey } from './blob-driver.ts';

// The default driver: bytes in the task store itself (file_chunks, SQLite or PostgreSQL), so one
// process and many nodes both work with nothing else to run. A blob is stored as chunks of
// `chunkBytes`, each its own statement, and read back one chunk at a time as the reader pulls.
// An empty blob is one empty chunk, so "empty" and "missing" stay apart.

export function databaseBlobDriver(store: FileChunkStore, options: { chunkBytes: number }): BlobDriver {
  const chunkBytes = options.chunkBytes;

  return {
    name: 'database',

    async put(key, source) {
      const blobKey = checkBlobKey(key);
      // One buffer per put, reused: once fileChunkPut resolved, the store has the bytes (SQLite
      // copied them into the statement, pg into the wire), so a 200 MB upload makes no 200 MB of
      // garbage for the collector to catch up with.
      const pending = Buffer.allocUnsafe(chunkBytes);
      let filled = 0;
      let pos = 0;
      const flush = async () => {
        await store.fileChunkPut({ blobKey, pos, data: pending.subarray(0, filled) });
        pos += filled;
        filled = 0;
      };
      try {
        for await (const piece of source as AsyncIterable<Buffer>) {
          let offset = 0;
          while (offset < piece.length) {
            const n = Math.min(chunkBytes - filled, piece.length - offset);
            piece.copy(pending, filled, offset, offset + n);
            filled += n;
            offset += n;
            if (filled === chunkBytes) await flush();
          }
        }
        if (filled > 0 || pos === 0) await flush();
      } catch (err) {
        await store.fileChunksDelete({ blobKey }).catch(() => {});
        throw err;
      }
    },

    async get(key, range?: ByteRange) {
      const blobKey = checkBlobKey(key);
      const start = range?.start ?? 0;
      const end = range?.end ?? Number.POSITIVE_INFINITY;
      const first = await store.fileChunkAt({ blobKey, pos: start });
      if (!first) throw new BlobNotFoundError(key);
      async function* chunks() {
        let chunk: typeof first = first;
        while (chunk) {
          const from = Math.max(0, start - chunk.pos);
          const to = Math.min(chunk.data.length, end - chunk.pos + 1);
          if (to > from) yield Buffer.from(chunk.data.buffer, chunk.data.byteOffset + from, to - from);
          if (chunk.pos + chunk.data.length > end) return;
          chunk = await store.fileChunkAfter({ blobKey, pos: chunk.pos });
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    async delete(key) {
      await store.fileChunksDelete({ blobKey: checkBlobKey(key) });
    },
  };
}
