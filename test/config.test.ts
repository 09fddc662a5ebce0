import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULTS } from '../src/config/defaults.ts';
import { ConfigError, loadConfig } from '../src/config/load-config.ts';

test('defaults apply when nothing is set, and the result is frozen', () => {
  const config = loadConfig({ env: {}, cwd: tmpdir() });
  assert.deepEqual(config, DEFAULTS);
  assert.ok(Object.isFrozen(config.limits));
});

test('environment variables are named after the field path and parsed by type', () => {
  const config = loadConfig({
    cwd: tmpdir(),
    env: { OFFLOAD_PORT: '4000', OFFLOAD_LIMITS_BODY_BYTES: '2048', OFFLOAD_TASK_MODULES: './a.ts, ./b.ts', OFFLOAD_DATABASE: 'postgres://x@y/z' },
  });
  assert.equal(config.port, 4000);
  assert.equal(config.limits.bodyBytes, 2048);
  assert.deepEqual(config.taskModules, ['./a.ts', './b.ts']);
  assert.equal(config.database, 'postgres://x@y/z');
});

test('file < environment < flags', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    await writeFile(join(dir, 'offload.config.json'), JSON.stringify({ port: 5000, worker: { concurrency: 3 } }));
    const config = loadConfig({ cwd: dir, env: { OFFLOAD_PORT: '5001' }, overrides: { port: 5002 } });
    assert.equal(config.port, 5002);
    assert.equal(config.worker.concurrency, 3);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('bad values stop the start with a message naming the field and the rule', async () => {
  assert.throws(() => loadConfig({ cwd: tmpdir(), env: { OFFLOAD_PORT: 'abc' } }), (e) => e instanceof ConfigError && /OFFLOAD_PORT: must be a number/.test(e.message));
  assert.throws(() => loadConfig({ cwd: tmpdir(), env: { OFFLOAD_WORKER_LEASE_SECONDS: '0' } }), /worker.leaseSeconds must be a positive integer/);
  assert.throws(() => loadConfig({ cwd: tmpdir(), env: {}, overrides: { port: 70000 } }), /port must be an integer from 0/);
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    await writeFile(join(dir, 'offload.config.json'), JSON.stringify({ limits: { bodyByte: 1 } }));
    assert.throws(() => loadConfig({ cwd: dir, env: {} }), /unknown field "limits.bodyByte"/);
    await writeFile(join(dir, 'offload.config.json'), '{ not json');
    assert.throws(() => loadConfig({ cwd: dir, env: {} }), /offload.config.json/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('number lists (the webhook retry schedule) parse from the environment and the file', () => {
  const config = loadConfig({ cwd: tmpdir(), env: { OFFLOAD_WEBHOOKS_SCHEDULE_SECONDS: '1, 2,3' } });
  assert.deepEqual(config.webhooks.scheduleSeconds, [1, 2, 3]);
  assert.throws(() => loadConfig({ cwd: tmpdir(), env: { OFFLOAD_WEBHOOKS_SCHEDULE_SECONDS: '1,x' } }), /list of numbers/);
  assert.throws(() => loadConfig({ cwd: tmpdir(), env: {}, overrides: { webhooks: { scheduleSeconds: ['1'] as unknown as number[] } } }), /array of numbers/);
});
