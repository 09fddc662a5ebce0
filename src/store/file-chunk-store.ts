// The chunk part of the store seam: the bytes of files kept by the `database` driver
// (src/files/database-blob-driver.ts), one row per chunk keyed by the byte offset where it starts.
// Reads go one chunk at a time, so a file is never whole in memory. Implemented by
// sqlite/file-chunk-store.ts and postgres/file-chunk-store.ts.

export interface FileChunk {
  /** Offset of the chunk's first byte in the blob. */
  pos: number;
  data: Uint8Array;
}

export interface FileChunkPutParams {
  blobKey: string;
  pos: number;
  data: Uint8Array;
}

export interface FileChunkAtParams {
  blobKey: string;
  /** A byte offset: the chunk that holds it (the last one starting at or before it). */
  pos: number;
}

export interface FileChunkAfterParams {
  blobKey: string;
  /** The start of the previous chunk: the next one after it. */
  pos: number;
}

export interface FileChunksDeleteParams {
  blobKey: string;
}

export interface FileChunkStore {
  fileChunkPut(params: FileChunkPutParams): Promise<void>;
  fileChunkAt(params: FileChunkAtParams): Promise<FileChunk | null>;
  fileChunkAfter(params: FileChunkAfterParams): Promise<FileChunk | null>;
  /** Removes a blob's chunks; how many there were. */
  fileChunksDelete(params: FileChunksDeleteParams): Promise<number>;
}
