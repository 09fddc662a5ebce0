import { PassThrough, Writable } from 'node:stream';
import { FileGoneError, type FileStorage } from '../files/file-storage.ts';
import type { Store } from '../store/store.ts';
import { type OpenedTaskFile, TaskFileNotFoundError, type TaskFiles } from './define-task.ts';

// `ctx.files` of one attempt: files it creates are written as the attempt's (state `attempt`,
// with its lease token), so the store makes them visible exactly when the attempt succeeds; the
// executor settles the writes before recording the outcome and discards the attempt's files when it
// did not succeed.

export interface AttemptFiles extends TaskFiles {
  /** `create` with the id chosen by the caller (a CPU thread makes its ids itself). */
  createWithId(id: string, options: { name: string; contentType: string }): Writable;
  /** Waits for the writes that were ended; destroys the streams that never were (their files are removed). */
  settle(): Promise<void>;
  /** The attempt did not succeed: its files are deleted and their bytes removed. */
  discard(): Promise<void>;
}

export function createAttemptFiles(deps: {
  storage: FileStorage;
  store: Store;
  tenant: string;
  taskId: string;
  leaseToken: string;
}): AttemptFiles {
  const { storage, store, tenant, taskId, leaseToken } = deps;
  const writes = new Set<{ stream: Writable; done: Promise<unknown> }>();

  const createWithId = (id: string, options: { name: string; contentType: string }): Writable => {
    const source = new PassThrough();
    const writing = storage.write(store, {
      id,
      tenant,
      name: options.name,
      contentType: options.contentType,
      source,
      // Task code is the operator's: its files are not held to the upload limit.
      maxBytes: Number.MAX_SAFE_INTEGER,
      attempt: { taskId, leaseToken },
    });
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        if (source.write(chunk)) callback();
        else source.once('drain', () => callback());
      },
      final(callback) {
        source.end();
        writing.then(
          () => callback(),
          (err: Error) => callback(err),
        );
      },
      destroy(err, callback) {
        if (!source.writableFinished) source.destroy(err ?? new Error('the file was abandoned before it was complete'));
        callback(err);
      },
    });
    writing.catch((err: Error) => stream.destroy(err));
    writes.add({ stream, done: writing.catch(() => {}) });
    return stream;
  };

  return {
    create(options) {
      const id = storage.newFileId();
      return { id, stream: createWithId(id, options) };
    },
    createWithId,

    async open(id): Promise<OpenedTaskFile> {
      const file = await store.fileGet({ tenant, id });
      const own = file?.state === 'attempt' && file.taskId === taskId && file.leaseToken === leaseToken;
      if (!file || (file.state !== 'ready' && !own)) throw new TaskFileNotFoundError(id);
      try {
        const stream = await storage.read(file);
        return { id: file.id, name: file.name, contentType: file.contentType, size: file.size ?? 0, sha256: file.sha256 ?? '', stream };
      } catch (err) {
        if (err instanceof FileGoneError) throw new TaskFileNotFoundError(id);
        throw err;
      }
    },

    async settle() {
      for (const w of writes) if (!w.stream.writableEnded) w.stream.destroy();
      await Promise.all([...writes].map((w) => w.done));
    },

    async discard() {
      await this.settle();
      if ((await store.fileDiscardAttempt({ taskId, leaseToken })) > 0) await storage.removeDeleted(store);
    },
  };
}
