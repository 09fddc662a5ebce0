import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { createBlobDrivers } from '../../src/files/blob-drivers.ts';
import { createFileStorage, type FileStorage } from '../../src/files/file-storage.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { startWorker, submit, type TestStore, tempStore, waitForStatus } from './fixtures.ts';
import { cpuCopiesFile, writesFile } from './file-tasks.ts';

// ctx.files through a real runner and store (the database driver): files made by an attempt are
// the task's when it succeeds and are removed when it does not, in-process and in a CPU thread.

const MODULE = { url: new URL('./file-tasks.ts', import.meta.url).href, definitions: [writesFile, cpuCopiesFile] };

describe(onBackend('task files'), { skip: await backendSkip() }, () => {
  let t: TestStore;
  let storage: FileStorage;
  let worker: ReturnType<typeof startWorker>;
  before(async () => {
    t = await tempStore();
    storage = createFileStorage(await createBlobDrivers(DEFAULTS, t.store));
    worker = startWorker({ store: t.store, modules: [MODULE], files: storage });
  });
  after(async () => {
    await worker?.stop();
    await t?.close();
  });

  const text = async (id: string) => {
    const file = await t.store.fileGet({ tenant: null, id });
    assert.ok(file, `file ${id}`);
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.read(file)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  test('a file created by a succeeding attempt is the task’s, ready, with its size and digest', async () => {
    const task = await submit(t.store, 'writes-file', { text: 'hello files' });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed']);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const { file } = JSON.parse(done.resultJson!) as { file: string };
    const [listed] = await t.store.fileListByTasks({ taskIds: [task.id] });
    assert.equal(listed?.id, file);
    assert.equal(listed?.state, 'ready');
    assert.equal(listed?.size, 11);
    assert.equal(listed?.sha256, createHash('sha256').update('hello files').digest('hex'));
    assert.equal(await text(file), 'hello files');
  });

  test('files of an attempt that fails are deleted and their bytes removed', async () => {
    const task = await submit(t.store, 'writes-file', { text: 'doomed', fail: true });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed']);
    assert.equal(done.status, 'failed');
    assert.deepEqual(await t.store.fileListByTasks({ taskIds: [task.id] }), []);
    assert.deepEqual(await t.store.fileListRemovable({ limit: 1000 }), [], 'the bytes went with them');
  });

  test('in a CPU thread: open streams an upload in, create streams files out (backpressure across the thread)', async () => {
    const upload = await storage.write(t.store, {
      tenant: 'acme',
      name: 'in.txt',
      contentType: 'text/plain',
      source: Readable.from([Buffer.from('thread me')]),
      maxBytes: 1000,
    });
    const task = await submit(t.store, 'cpu-copies-file', { copyOf: upload.id });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 20_000);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const result = JSON.parse(done.resultJson!) as { file: string; second: string; sha256: string };
    assert.equal(result.sha256, createHash('sha256').update('thread me').digest('hex'));
    assert.equal(await text(result.file), 'THREAD ME');
    const files = await t.store.fileListByTasks({ taskIds: [task.id] });
    assert.deepEqual(files.map((f) => [f.name, f.size]).sort(), [['big.bin', 48 * 64 * 1024], ['in.txt.upper', 9]]);
  });

  test('in a CPU thread: a failing attempt leaves no file behind', async () => {
    const upload = await storage.write(t.store, { tenant: 'acme', name: 'x.txt', contentType: 'text/plain', source: Readable.from([Buffer.from('x')]), maxBytes: 10 });
    const task = await submit(t.store, 'cpu-copies-file', { copyOf: upload.id, fail: true });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 20_000);
    assert.equal(done.status, 'failed');
    assert.deepEqual(await t.store.fileListByTasks({ taskIds: [task.id] }), []);
    assert.deepEqual(await t.store.fileListRemovable({ limit: 1000 }), []);
  });

  test('opening a file of another tenant or a missing one fails the attempt, naming the file', async () => {
    const foreign = await storage.write(t.store, { tenant: 'other', name: 'y.txt', contentType: 'text/plain', source: Readable.from([Buffer.from('y')]), maxBytes: 10 });
    const task = await submit(t.store, 'cpu-copies-file', { copyOf: foreign.id });
    const done = await waitForStatus(t.store, task.id, ['succeeded', 'failed'], 20_000);
    assert.equal(done.status, 'failed');
    assert.match(String(done.error?.detail), new RegExp(`no file ${foreign.id}`));
  });
});
