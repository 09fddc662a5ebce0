import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BlobDriver, BlobNotFoundError, type ByteRange, checkBlobKey } from './blob-driver.ts';

// Bytes as files under one directory (a local disk or a shared volume every node mounts). A blob is
// written to a temporary name and renamed into place once complete and flushed, so a reader never
// sees half a file and a crash leaves only a `.partial` file. The path is built from the key alone
// (checked to be hex): nothing a client sent ever reaches the file system.

export function directoryBlobDriver(options: { root: string }): BlobDriver {
  const root = resolve(options.root);
  const pathOf = (key: string) => {
    const k = checkBlobKey(key);
    return { dir: join(root, k.slice(0, 2)), file: join(root, k.slice(0, 2), k) };
  };

  return {
    name: 'directory',

    async put(key, source) {
      const { dir, file } = pathOf(key);
      await mkdir(dir, { recursive: true });
      const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
      try {
        const out = createWriteStream(partial, { flags: 'wx' });
        await pipeline(source, out);
        const handle = await open(partial, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(partial, file);
      } catch (err) {
        await rm(partial, { force: true }).catch(() => {});
        throw err;
      }
    },

    async get(key, range?: ByteRange) {
      const { file } = pathOf(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
        throw err;
      }
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    async delete(key) {
      await rm(pathOf(key).file, { force: true });
    },
  };
}
