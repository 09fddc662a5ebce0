import { resolve } from 'node:path';
import type { Config } from '../config/defaults.ts';
import type { FileChunkStore } from '../store/file-chunk-store.ts';
import type { BlobDriver, BlobDriverName } from './blob-driver.ts';
import { databaseBlobDriver } from './database-blob-driver.ts';
import { directoryBlobDriver } from './directory-blob-driver.ts';

// The drivers of one node: the configured one takes new files; files already stored elsewhere stay
// readable through the driver their record names, as long as it is configured (the database one
// always is). An operator moving from `database` to `s3` loses no file.

export interface BlobDrivers {
  /** Where new files go (`files.driver`). */
  readonly current: BlobDriver;
  /** The driver a record names, or undefined when this node cannot reach it. */
  byName(name: string): BlobDriver | undefined;
  close(): void;
}

export async function createBlobDrivers(config: Pick<Config, 'files'>, chunks: FileChunkStore, cwd = process.cwd()): Promise<BlobDrivers> {
  const files = config.files;
  const drivers = new Map<BlobDriverName, BlobDriver>();
  drivers.set('database', databaseBlobDriver(chunks, { chunkBytes: files.chunkBytes }));
  drivers.set('directory', directoryBlobDriver({ root: resolve(cwd, files.directory) }));
  // The AWS SDK is loaded only where a bucket is configured: it costs ~15 MB of memory to import.
  const s3 = files.s3.bucket ? (await import('./s3-blob-driver.ts')).s3BlobDriver(files.s3) : null;
  if (s3) drivers.set('s3', s3);
  const current = drivers.get(files.driver);
  if (!current) throw new Error(`files.driver is ${files.driver} but it is not configured`);
  return {
    current,
    byName: (name) => drivers.get(name as BlobDriverName),
    close: () => s3?.close(),
  };
}
