import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runOffload } from '../helpers/offload-process.ts';

// `offload keys create --worker --types a,b [--all-tenants]`: a key that may only claim and report
// those types; usage mistakes exit 2.

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-keys-worker-'));
  env = { OFFLOAD_DATABASE: join(dir, 'offload.db') };
});
after(() => rm(dir, { recursive: true, force: true }));

test('keys create --worker --types makes a worker key; keys list shows its types', async () => {
  const created = await runOffload(['keys', 'create', '--create', '--tenant', 'acme', '--worker', '--types', 'resize, crop,resize', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  const key = JSON.parse(created.stdout);
  assert.match(key.key, /^ok_/);
  assert.deepEqual(key.worker, { types: ['resize', 'crop'], allTenants: false });
  const all = await runOffload(['keys', 'create', '--tenant', 'ops', '--worker', '--types', 'resize', '--all-tenants', '--json'], env);
  assert.deepEqual(JSON.parse(all.stdout).worker, { types: ['resize'], allTenants: true });

  const listed = await runOffload(['keys', 'list', '--json'], env);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout).map((k: { worker?: unknown }) => k.worker), [
    { types: ['resize', 'crop'], allTenants: false },
    { types: ['resize'], allTenants: true },
  ]);
  const text = await runOffload(['keys', 'list'], env);
  assert.match(text.stdout, /worker types=resize,crop/);
  assert.match(text.stdout, /worker types=resize all-tenants/);
});

test('keys create: --worker without --types, with --admin, or --types without --worker is a usage error', async () => {
  for (const args of [['--worker'], ['--worker', '--types', 'a', '--admin'], ['--types', 'a'], ['--worker', '--types', 'Bad Type']]) {
    const r = await runOffload(['keys', 'create', '--tenant', 'acme', ...args], env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^offload: /);
  }
});
