import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { newId } from '../domain/ids.ts';
import type { AttemptFiles } from './attempt-files.ts';
import { type OpenedTaskFile, TaskFileNotFoundError, type TaskFiles } from './define-task.ts';

// `ctx.files` across the CPU thread's boundary. The thread has no store: its `files` sends calls to
// the pool (parent), which runs them on the attempt's files and answers. Bytes cross as copies, one
// chunk per call, and every write or read waits for its answer, so backpressure holds end to end.
// The thread chooses file ids and stream ids itself, so `create` answers at once as in-process.

export type FilesCall =
  | { op: 'create'; streamId: number; id: string; name: string; contentType: string }
  | { op: 'write'; streamId: number; chunk: Uint8Array }
  | { op: 'end'; streamId: number }
  | { op: 'abort'; streamId: number }
  | { op: 'open'; streamId: number; id: string }
  | { op: 'read'; streamId: number }
  | { op: 'close'; streamId: number };

export type FilesAnswer = { ok: true; value?: unknown } | { ok: false; error: { name: string; message: string; fileId?: string } };

// ── parent side ─────────────────────────────────────────────────────────────────────────────────

export interface FilesHost {
  call(call: FilesCall): Promise<FilesAnswer>;
  /** The attempt ended: whatever the thread left open is closed. */
  close(): void;
}

export function createFilesHost(files: AttemptFiles): FilesHost {
  const writers = new Map<number, Writable>();
  const readers = new Map<number, AsyncIterator<Buffer>>();
  const answer = async (fn: () => Promise<unknown> | unknown): Promise<FilesAnswer> => {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      return { ok: false, error: { name: e.name, message: e.message, ...(err instanceof TaskFileNotFoundError ? { fileId: err.fileId } : {}) } };
    }
  };
  return {
    call(c) {
      switch (c.op) {
        case 'create':
          return answer(() => {
            writers.set(c.streamId, files.createWithId(c.id, { name: c.name, contentType: c.contentType }));
          });
        case 'write':
          return answer(async () => {
            const w = writers.get(c.streamId);
            if (!w) throw new Error('the file stream is closed');
            if (!w.write(c.chunk)) await new Promise<void>((resolve, reject) => {
              w.once('drain', resolve);
              w.once('error', reject);
            });
          });
        case 'end':
          return answer(async () => {
            const w = writers.get(c.streamId);
            if (!w) throw new Error('the file stream is closed');
            w.end();
            await finished(w);
            writers.delete(c.streamId);
          });
        case 'abort':
          return answer(() => {
            writers.get(c.streamId)?.destroy();
            writers.delete(c.streamId);
          });
        case 'open':
          return answer(async () => {
            const opened = await files.open(c.id);
            readers.set(c.streamId, opened.stream[Symbol.asyncIterator]());
            const { stream: _stream, ...info } = opened;
            return info;
          });
        case 'read':
          return answer(async () => {
            const r = readers.get(c.streamId);
            if (!r) return null;
            const next = await r.next();
            if (next.done) readers.delete(c.streamId);
            return next.done ? null : new Uint8Array(next.value);
          });
        case 'close':
          return answer(async () => {
            await readers.get(c.streamId)?.return?.();
            readers.delete(c.streamId);
          });
      }
    },
    close() {
      for (const w of writers.values()) w.destroy();
      for (const r of readers.values()) void r.return?.();
      writers.clear();
      readers.clear();
    },
  };
}

// ── thread side ─────────────────────────────────────────────────────────────────────────────────

export type FilesCaller = (call: FilesCall) => Promise<unknown>;

export function rebuildFilesError(error: { name: string; message: string; fileId?: string }): Error {
  if (error.name === 'TaskFileNotFoundError' && error.fileId) return new TaskFileNotFoundError(error.fileId);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

export function threadFiles(call: FilesCaller): TaskFiles {
  let nextStream = 0;
  return {
    create({ name, contentType }) {
      const id = newId('fil');
      const streamId = ++nextStream;
      const created = call({ op: 'create', streamId, id, name, contentType });
      const stream = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          created
            .then(() => call({ op: 'write', streamId, chunk: new Uint8Array(chunk) }))
            .then(
              () => callback(),
              (err: Error) => callback(err),
            );
        },
        final(callback) {
          created
            .then(() => call({ op: 'end', streamId }))
            .then(
              () => callback(),
              (err: Error) => callback(err),
            );
        },
        destroy(err, callback) {
          if (!this.writableFinished) void call({ op: 'abort', streamId }).catch(() => {});
          callback(err);
        },
      });
      return { id, stream };
    },

    async open(id): Promise<OpenedTaskFile> {
      const streamId = ++nextStream;
      const info = (await call({ op: 'open', streamId, id })) as Omit<OpenedTaskFile, 'stream'>;
      const stream = new Readable({
        read() {
          call({ op: 'read', streamId }).then(
            (chunk) => this.push(chunk === null ? null : Buffer.from(chunk as Uint8Array)),
            (err: Error) => this.destroy(err),
          );
        },
        destroy(err, callback) {
          if (!this.readableEnded) void call({ op: 'close', streamId }).catch(() => {});
          callback(err);
        },
      });
      return { ...info, stream };
    },
  };
}
