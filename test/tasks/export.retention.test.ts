import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import { createSqliteSource } from '../helpers/export-sources.ts';

// Retention of the export type (seed 003 keeps an export's status 30 minutes): a finished export is
// kept exports.retentionSeconds, not retention.finishedSeconds; then the task answers 410 and its
// file's link too. Other types keep the general retention.

describe(onBackend('export retention'), { skip: await backendSkip() }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let auth: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-export-retention-'));
    database = await tempDatabase();
    createSqliteSource(join(dir, 'shop.db'), 10);
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = 'silent';
    config.worker.pollIntervalMs = 50;
    config.maintenance.retentionIntervalMs = 200;
    config.files.sweepIntervalMs = 100;
    config.exports.retentionSeconds = 2;
    // Relative to the node's directory.
    config.databases = { shop: './shop.db' };
    config.exports.sources = { items: { database: 'shop', query: 'SELECT id, label FROM items' } };
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'shop' })).key}` };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (type: string, input: unknown) => {
    const submitted = await fetch(`${node.url}/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', prefer: 'wait=10' },
      body: JSON.stringify({ type, input }),
    });
    const { id } = (await submitted.json()) as { id: string };
    for (let i = 0; i < 200; i++) {
      const doc = (await (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).json()) as { status: string; finishedAt?: string; expiresAt: string };
      if (doc.status === 'succeeded') return { id, doc };
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${type} did not succeed`);
  };

  test('a finished export is kept exports.retentionSeconds, then it and its link answer 410', async () => {
    const { id, doc } = await run('export', { source: 'items', format: 'csv' });
    const kept = Date.parse(doc.expiresAt) - Date.parse(doc.finishedAt!);
    assert.ok(Math.abs(kept - 2000) < 50, `expiresAt is finishedAt + 2 s, got ${kept} ms`);
    const result = await fetch(`${node.url}/v1/tasks/${id}/result`, { headers: auth, redirect: 'manual' });
    assert.equal(result.status, 303);
    const link = `${node.url}${result.headers.get('location')}`;
    assert.equal((await fetch(link)).status, 200);

    const noop = await run('noop', {});
    const noopKept = Date.parse(noop.doc.expiresAt) - Date.parse(noop.doc.finishedAt!);
    assert.ok(Math.abs(noopKept - DEFAULTS.retention.finishedSeconds * 1000) < 50, `other types keep retention.finishedSeconds, got ${noopKept} ms`);

    let status = 0;
    for (let i = 0; i < 100 && status !== 410; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).status;
    }
    assert.equal(status, 410, 'the export is gone');
    assert.equal((await fetch(link)).status, 410, 'its file went with it');
    assert.equal((await fetch(`${node.url}/v1/tasks/${noop.id}`, { headers: auth })).status, 200, 'the noop task is still there');
  });
});
