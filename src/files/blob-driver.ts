import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

// The blob seam: where a file's bytes live. Three drivers implement it (database-blob-driver.ts,
// directory-blob-driver.ts, s3-blob-driver.ts) and one contract suite runs against each
// (test/files/blob-driver-contract.ts). Bytes stream in and out; no driver holds a whole file in memory.
//
// Keys are made here, by the server (`newBlobKey`), never from anything a client sent, and are
// recorded before the first byte is stored: a process that dies mid-write leaves a record the
// sweeper finds, and with it the key of whatever partial blob a driver kept.

export type BlobDriverName = 'database' | 'directory' | 's3';

/** Inclusive byte offsets, already checked against the blob's size. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobDriver {
  readonly name: BlobDriverName;
  /**
   * Stores every byte of `source` under `key`. All or nothing: when the source or the driver fails,
   * the promise rejects and nothing stays stored under the key.
   */
  put(key: string, source: Readable): Promise<void>;
  /** The bytes (or a range of them). Rejects with BlobNotFoundError for an unknown key. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes; an unknown key is not an error. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`no blob with key ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

const KEY_PATTERN = /^[0-9a-f]{32}$/;

/** 128 random bits as hex: safe as a file name, an object key and a primary key alike. */
export function newBlobKey(): string {
  return randomBytes(16).toString('hex');
}

/** Every driver refuses anything but a key `newBlobKey` could have made. */
export function checkBlobKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new TypeError(`not a blob key: ${JSON.stringify(key).slice(0, 60)}`);
  return key;
}
