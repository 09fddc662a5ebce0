import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { BlobNotFoundError } from '../../src/files/blob-driver.ts';
import { createBlobDrivers } from '../../src/files/blob-drivers.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';

// Files go with their owner, from the driver itself: an expired upload, a task purged by retention
// and a destroyed task lose their files' bytes (the sweeper removes them) and their links answer 410.
// On a whole node over real HTTP, with the directory driver and the s3 driver (s3rver on loopback).

const TASKS = new URL('../engine/file-tasks.ts', import.meta.url).href;

for (const driver of ['directory', 's3'] as const) {
  describe(onBackend(`files go with their owner: ${driver} driver`), { skip: await backendSkip() }, () => {
    let node: RunningNode;
    let dir: string;
    let s3: TestS3 | null = null;
    let database: Awaited<ReturnType<typeof tempDatabase>>;
    let config: Config;
    let auth: Record<string, string>;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'offload-files-'));
      database = await tempDatabase();
      config = structuredClone(DEFAULTS);
      config.database = database.database;
      config.port = 0;
      config.logLevel = 'silent';
      config.taskModules = [TASKS];
      config.worker.pollIntervalMs = 50;
      config.retention.finishedSeconds = 2;
      config.maintenance.retentionIntervalMs = 200;
      config.files.uploadRetentionSeconds = 2;
      config.files.sweepIntervalMs = 100;
      config.files.driver = driver;
      config.files.directory = join(dir, 'files');
      if (driver === 's3') {
        s3 = await startTestS3();
        config.files.s3 = { ...s3.options };
      }
      node = await startNode({ config, api: true, worker: true, cwd: dir });
      auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'keeper' })).key}` };
    });
    after(async () => {
      await node?.stop();
      await s3?.close();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const status = async (path: string) => (await fetch(`${node.url}${path}`, { headers: path.startsWith('/v1/downloads/') ? {} : auth })).status;
    const blobOf = async (fileId: string) => (await node.store.fileGet({ tenant: null, id: fileId }))!;
    /** Resolves when the driver no longer has the bytes and the record is a tombstone. */
    const bytesRemoved = async (fileId: string, blobKey: string) => {
      const drivers = await createBlobDrivers(config, node.store, dir);
      try {
        for (let i = 0; i < 200; i++) {
          const gone = await drivers.byName(driver)!.get(blobKey).then(
            (stream) => {
              stream.destroy();
              return false;
            },
            (err) => err instanceof BlobNotFoundError,
          );
          if (gone && (await blobOf(fileId)).blobKey === null) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.fail(`the ${driver} driver still holds ${blobKey}`);
      } finally {
        drivers.close();
      }
    };
    const runTask = async (text: string) => {
      const res = await fetch(`${node.url}/v1/tasks`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', prefer: 'wait=10' },
        body: JSON.stringify({ type: 'writes-file', input: { text } }),
      });
      const doc = (await res.json()) as { id: string; status: string; files: { id: string; href: string }[] };
      assert.equal(doc.status, 'succeeded', JSON.stringify(doc));
      const file = doc.files[0]!;
      assert.equal((await blobOf(file.id)).driver, driver);
      return { id: doc.id, file, blobKey: (await blobOf(file.id)).blobKey! };
    };

    test('an expired upload: its link and id answer 410 and its bytes leave the driver', async () => {
      const res = await fetch(`${node.url}/v1/files?name=short.txt`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'short-lived' });
      const file = (await res.json()) as { id: string; href: string };
      const { blobKey } = await blobOf(file.id);
      assert.equal(await status(file.href), 200);
      await bytesRemoved(file.id, blobKey!);
      assert.equal(await status(file.href), 410);
      assert.equal(await status(`/v1/files/${file.id}`), 410);
    });

    test('a task purged by retention: the task, its files’ links and ids answer 410; the bytes are gone', async () => {
      const { id, file, blobKey } = await runTask('kept for two seconds');
      assert.equal(await status(file.href), 200);
      await bytesRemoved(file.id, blobKey);
      assert.equal(await status(`/v1/tasks/${id}`), 410);
      assert.equal(await status(file.href), 410);
      assert.equal(await status(`/v1/files/${file.id}`), 410);
    });

    test('a destroyed task: its file’s link answers 410 at once, and the bytes go', async () => {
      const { id, file, blobKey } = await runTask('destroy me');
      assert.equal((await fetch(`${node.url}/v1/tasks/${id}`, { method: 'DELETE', headers: auth })).status, 204);
      assert.equal(await status(file.href), 410);
      await bytesRemoved(file.id, blobKey);
    });
  });
}
