import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import { imageStats } from '../helpers/image-stats.ts';

// The lomo type end to end on a whole node (API, runner, CPU thread, sweeper) over real HTTP: a real
// photo goes in through POST /v1/files, the task runs on the CPU pool, `/result` answers 303 to the
// output's signed link, and the output looks like a lomo photo — darker corners, stronger saturation
// and contrast — by margins. Destroying the task then removes the output from the driver and its
// link answers 410.
//
// The photo is autocannon's test picture (a film still, 1169×584 JPEG), shipped in a pinned dev
// dependency: no photo can be fetched here.

const PHOTO = new URL('../../node_modules/autocannon/test/j5.jpeg', import.meta.url);

describe(onBackend('lomo on a real photo'), { skip: await backendSkip() }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let auth: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-lomo-'));
    database = await tempDatabase();
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = 'silent';
    config.worker.pollIntervalMs = 50;
    config.worker.cpuThreads = 1;
    config.files.sweepIntervalMs = 100;
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'photos' })).key}` };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('darker corners, stronger saturation and contrast; /result → 303 → the image; destroy → 410', async (t) => {
    const photo = readFileSync(PHOTO);
    const uploaded = await fetch(`${node.url}/v1/files?name=j5.jpeg`, { method: 'POST', headers: { ...auth, 'content-type': 'image/jpeg' }, body: photo });
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const { id: input } = (await uploaded.json()) as { id: string };

    const submitted = await fetch(`${node.url}/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'lomo', input: { file: input } }),
    });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    let doc: { status: string; files?: { id: string; href: string; contentType: string; sha256: string }[]; error?: unknown } = { status: '' };
    for (let i = 0; i < 300 && !['succeeded', 'failed', 'canceled'].includes(doc.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      doc = (await (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).json()) as typeof doc;
    }
    assert.equal(doc.status, 'succeeded', JSON.stringify(doc.error));
    assert.equal(doc.files?.length, 1);
    assert.equal(doc.files?.[0]?.contentType, 'image/jpeg');

    const result = await fetch(`${node.url}/v1/tasks/${id}/result`, { headers: auth, redirect: 'manual' });
    assert.equal(result.status, 303);
    const location = result.headers.get('location')!;
    assert.match(location, /^\/v1\/downloads\//);
    const download = await fetch(`${node.url}${location}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/jpeg');
    const output = Buffer.from(await download.arrayBuffer());
    assert.equal(download.headers.get('etag'), `"${doc.files?.[0]?.sha256}"`);

    const before = await imageStats(photo);
    const after = await imageStats(output);
    t.diagnostic(`input  ${JSON.stringify(before)}`);
    t.diagnostic(`output ${JSON.stringify(after)}`);
    assert.deepEqual([after.width, after.height], [before.width, before.height]);
    assert.ok(after.cornerLuminance < before.cornerLuminance * 0.6, 'corners at least 40 % darker');
    assert.ok(after.meanSaturation > before.meanSaturation * 1.3, 'mean saturation at least 30 % higher');
    assert.ok(after.centerContrast > before.centerContrast * 1.05, 'contrast in the middle at least 5 % higher');
    // The middle keeps most of its light: the darkening is the vignette's, at the edges.
    assert.ok(after.centerLuminance > before.centerLuminance * 0.7, 'the middle stays lit');

    const output0 = await node.store.fileGet({ tenant: null, id: doc.files![0]!.id });
    const blobKey = output0!.blobKey!;
    assert.ok(await node.store.fileChunkAt({ blobKey, pos: 0 }), 'the output is stored in the database driver');
    const destroyed = await fetch(`${node.url}/v1/tasks/${id}`, { method: 'DELETE', headers: auth });
    assert.equal(destroyed.status, 204);
    const gone = await fetch(`${node.url}${location}`);
    assert.equal(gone.status, 410);
    assert.equal(((await gone.json()) as { code: string }).code, 'file-gone');
    for (let i = 0; i < 100 && (await node.store.fileGet({ tenant: null, id: output0!.id }))?.blobKey !== null; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await node.store.fileGet({ tenant: null, id: output0!.id }))?.blobKey, null, 'the sweeper removed the bytes');
    assert.equal(await node.store.fileChunkAt({ blobKey, pos: 0 }), null, 'no chunk of it is left in the database');
    // The upload is the client's: it stays.
    assert.equal((await fetch(`${node.url}/v1/files/${input}`, { headers: auth })).status, 200);
  });
});
