import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, shown } from './cli-process.ts';

// `offload worker --types a,b` claims only those types; a type no module registers stops the start
// in one line (exit 1) before the database is touched, and a malformed name is a configuration
// error (exit 2). That it runs only its types is test/process/lomo.worker.test.ts.

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-types-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('--types naming an unregistered type: one line, exit 1, no database created', async () => {
  const database = join(dir, 'unknown.db');
  const run = await runCli(['worker', '--types', 'lomo,no-such-type'], { cwd: dir, env: { OFFLOAD_DATABASE: database } });
  assert.equal(run.code, 1, shown(run));
  assert.match(run.stderr, /^offload: worker\.types: no task type "no-such-type" is registered \(known: .*lomo.*\)\n$/);
  assert.equal(existsSync(database), false);
});

test('--types with a malformed name is a configuration error (exit 2)', async () => {
  const run = await runCli(['worker', '--types', 'Lomo!'], { cwd: dir, env: { OFFLOAD_DATABASE: join(dir, 'bad.db') } });
  assert.equal(run.code, 2, shown(run));
  assert.match(run.stderr, /worker\.types must be a list of task type names/);
});
