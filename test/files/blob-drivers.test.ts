import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseBlobDriver } from '../../src/files/database-blob-driver.ts';
import { directoryBlobDriver } from '../../src/files/directory-blob-driver.ts';
import { s3BlobDriver } from '../../src/files/s3-blob-driver.ts';
import { postgresSkip, tempPostgresStore } from '../helpers/postgres.ts';
import { startTestS3 } from '../helpers/s3-server.ts';
import { tempSqliteStore } from '../helpers/sqlite.ts';
import { blobDriverContract } from './blob-driver-contract.ts';

// The blob-driver contract on every driver: `database` on SQLite and on PostgreSQL (small chunks, so
// ranges cross many of them), `directory` on a temp directory, `s3` against s3rver on loopback.

blobDriverContract('database on sqlite', async () => {
  const db = await tempSqliteStore();
  return { driver: databaseBlobDriver(db.store, { chunkBytes: 65_536 }), close: db.close };
});

blobDriverContract('database on postgres', async () => {
  const skip = await postgresSkip();
  if (skip) throw new Error(skip);
  const db = await tempPostgresStore();
  return { driver: databaseBlobDriver(db.store, { chunkBytes: 65_536 }), close: db.close };
});

blobDriverContract('directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'offload-blobs-'));
  return {
    driver: directoryBlobDriver({ root }),
    async close() {
      // Nothing but complete blobs stays behind: failed puts removed their partial files.
      const leftovers = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.partial'));
      await rm(root, { recursive: true, force: true });
      if (leftovers.length > 0) throw new Error(`partial files left behind: ${leftovers.join(', ')}`);
    },
  };
});

blobDriverContract('s3', async () => {
  const s3 = await startTestS3();
  const driver = s3BlobDriver({ ...s3.options, partSize: 5 * 1024 * 1024 });
  return {
    driver,
    async close() {
      driver.close();
      await s3.close();
    },
  };
});
