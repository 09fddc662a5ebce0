import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../domain/ids.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';
import { BlobNotFoundError, type ByteRange, newBlobKey } from './blob-driver.ts';
import type { BlobDrivers } from './blob-drivers.ts';
import { ByteMeter } from './byte-meter.ts';

// Files as the rest of the system sees them: a record in the store and bytes behind a driver, kept
// in step. Writing records the file first (`writing`), streams the bytes through a meter (size,
// sha256, the limit) into the driver, then records them stored; a failure anywhere removes what was
// stored and deletes the record, and a crash in between leaves a `writing` record the sweeper
// (src/services/file-sweeper.ts) cleans up.
//
// The store is a parameter of each call, as for the operations: the caller's (a request's, a
// runner's). The `database` driver keeps its own reference to the root store for the bytes.

export interface FileWrite {
  tenant: string;
  name: string;
  contentType: string;
  source: Readable;
  maxBytes: number;
  /** A task's attempt writing the file (it becomes ready when the attempt succeeds). */
  attempt?: { taskId: string; leaseToken: string };
  /** Uploads: when the file expires. */
  expiresAt?: number | null;
  now?: number;
}

/** The record is gone (deleted while its bytes were written, or the bytes are missing). */
export class FileGoneError extends Error {
  readonly fileId: string;

  constructor(fileId: string) {
    super(`file ${fileId} is gone`);
    this.name = 'FileGoneError';
    this.fileId = fileId;
  }
}

export interface FileStorage {
  /** Made before the bytes are written, so a caller can name the file before it is complete. */
  newFileId(): string;
  write(store: FileStore, params: FileWrite & { id?: string }): Promise<FileRow>;
  /** The bytes of a stored file (ready or attempt), or a range of them. */
  read(file: FileRow, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes of deleted files and keeps their records as tombstones; how many. */
  removeDeleted(store: FileStore, limit?: number): Promise<number>;
}

export function createFileStorage(drivers: BlobDrivers, logger?: { warn(o: object, msg?: string): void }): FileStorage {
  const removeBlob = async (store: FileStore, id: string, driverName: string, blobKey: string) => {
    const driver = drivers.byName(driverName);
    if (!driver) {
      logger?.warn({ fileId: id, driver: driverName }, 'cannot remove a file: its driver is not configured on this node');
      return false;
    }
    await driver.delete(blobKey);
    await store.fileBlobForget({ id });
    return true;
  };

  return {
    newFileId: () => newId('fil'),

    async write(store, params) {
      // The source may fail while the record is being created, before the pipeline listens: the
      // failure stays on the stream (`errored`) and the pipeline below reports it.
      params.source.on('error', () => {});
      const driver = drivers.current;
      const id = params.id ?? newId('fil');
      const blobKey = newBlobKey();
      await store.fileCreate({
        file: {
          id,
          tenant: params.tenant,
          name: params.name,
          contentType: params.contentType,
          driver: driver.name,
          blobKey,
          taskId: params.attempt?.taskId ?? null,
          leaseToken: params.attempt?.leaseToken ?? null,
          createdAt: params.now ?? Date.now(),
          expiresAt: params.expiresAt ?? null,
        },
      });
      const meter = new ByteMeter(params.maxBytes);
      const putting = driver.put(blobKey, meter);
      // A driver that gives up stops the flow; a source or meter failure reaches the driver through the stream.
      putting.catch((err) => meter.destroy(err));
      try {
        await Promise.all([pipeline(params.source, meter), putting]);
      } catch (err) {
        await driver.delete(blobKey).catch(() => {});
        await store.fileDelete({ tenant: params.tenant, id }).catch(() => {});
        await store.fileBlobForget({ id }).catch(() => {});
        throw err;
      }
      const stored = await store.fileStored({ id, size: meter.size, sha256: meter.digest(), state: params.attempt ? 'attempt' : 'ready' });
      if (!stored) {
        // Deleted while it was written (its task was destroyed, or the sweeper judged it orphaned).
        await removeBlob(store, id, driver.name, blobKey).catch(() => {});
        throw new FileGoneError(id);
      }
      return stored;
    },

    async read(file, range) {
      const driver = drivers.byName(file.driver);
      if (!driver || file.blobKey === null) throw new FileGoneError(file.id);
      try {
        return await driver.get(file.blobKey, range);
      } catch (err) {
        if (err instanceof BlobNotFoundError) throw new FileGoneError(file.id);
        throw err;
      }
    },

    async removeDeleted(store, limit = 100) {
      let removed = 0;
      for (const r of await store.fileListRemovable({ limit })) {
        try {
          if (await removeBlob(store, r.id, r.driver, r.blobKey)) removed++;
        } catch (err) {
          logger?.warn({ err, fileId: r.id }, 'removing a deleted file failed; the sweeper retries');
        }
      }
      return removed;
    },
  };
}
