import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { postgresSkip, postgresUrl } from '../helpers/postgres.ts';
import { hasStack, runCli, shown } from './cli-process.ts';

// A node that cannot start says why in one line on stderr (`offload: <what>: <why>`) and exits 1
// (2 for configuration); no stack trace unless the log level is debug or trace; and a failed start
// leaves no bootstrap admin key behind.

let dir: string;
const pgSkip = await postgresSkip();

function stderrLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

describe('offload serve/worker start-up failures', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-start-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a bad configuration exits 2 with one line per problem, before anything is created', async () => {
    const cwd = join(dir, 'bad-config');
    await mkdir(cwd);
    await writeFile(join(cwd, 'offload.config.json'), JSON.stringify({ webhooks: { allow: ['10.0.0.0/33'] }, limits: { waitMaxSeconds: 100000 } }));
    const database = join(cwd, 'x.db');
    const run = await runCli(['serve'], { cwd, env: { OFFLOAD_DATABASE: database, OFFLOAD_PORT: '0', OFFLOAD_WORKER_CONCURENCY: '3' } });
    assert.equal(run.code, 2, shown(run));
    const lines = stderrLines(run.stderr);
    assert.equal(lines.length, 3, shown(run));
    for (const line of lines) assert.match(line, /^offload: config: /);
    assert.ok(lines.some((l) => /webhooks\.allow .*config file/.test(l)));
    assert.ok(lines.some((l) => /limits\.waitMaxSeconds .*config file/.test(l)));
    assert.ok(lines.some((l) => /OFFLOAD_WORKER_CONCURENCY: unknown setting \(did you mean OFFLOAD_WORKER_CONCURRENCY\?\)/.test(l)));
    assert.equal(existsSync(database), false, 'the database was created although the configuration is bad');
  });

  describe('port in use', () => {
    let blocker: Server;
    let port: number;
    before(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      port = (blocker.address() as { port: number }).port;
    });
    after(async () => {
      await new Promise((resolve) => blocker.close(resolve));
    });

    test('one line, exit 1, and no admin key was created', async () => {
      const database = join(dir, 'port.db');
      const run = await runCli(['serve', '--port', String(port), '--database', database], { env: { OFFLOAD_LOG_LEVEL: 'info' } });
      assert.equal(run.code, 1, shown(run));
      const keys = await runCli(['keys', 'list', '--json', '--database', database]);
      assert.equal(keys.code, 0, shown(keys));
      assert.deepEqual(JSON.parse(keys.stdout), [], 'a failed start left an admin key behind');
      assert.doesNotMatch(run.stdout + run.stderr, /ok_[A-Za-z0-9]/, 'an admin key was printed');
      assert.deepEqual(stderrLines(run.stderr), [`offload: cannot listen on 127.0.0.1:${port}: the address is in use (EADDRINUSE); choose another --port`]);
    });

    test('at log level debug the cause’s stack follows the line', async () => {
      const run = await runCli(['serve', '--port', String(port), '--database', join(dir, 'port-debug.db')], { env: { OFFLOAD_LOG_LEVEL: 'debug' } });
      assert.equal(run.code, 1, shown(run));
      assert.match(run.stderr, /^offload: cannot listen on /);
      assert.ok(hasStack(run.stderr), shown(run));
    });
  });

  test('a task module that cannot be loaded', async () => {
    const run = await runCli(['worker', '--database', join(dir, 'modules.db')], { env: { OFFLOAD_TASK_MODULES: './no-such-module.ts' } });
    assert.equal(run.code, 1, shown(run));
    const lines = stderrLines(run.stderr);
    assert.equal(lines.length, 1, shown(run));
    assert.match(lines[0]!, /^offload: task modules: cannot load task module "\.\/no-such-module\.ts": /);
  });

  test('a SQLite directory that cannot be created', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const run = await runCli(['serve', '--port', '0', '--database', join(file, 'x.db')]);
    assert.equal(run.code, 1, shown(run));
    const lines = stderrLines(run.stderr);
    assert.equal(lines.length, 1, shown(run));
    assert.match(lines[0]!, new RegExp(`^offload: database sqlite:${file}/x\\.db: `));
    assert.ok(!hasStack(run.stderr));
  });

  describe('PostgreSQL', { skip: pgSkip }, () => {
    test('a missing database, a missing role, a refused connection: one line each, exit 1', async () => {
      const base = new URL((await postgresUrl())!);
      const missingDb = new URL(base);
      missingDb.pathname = '/offload_no_such_database';
      const missingRole = new URL(base);
      missingRole.username = 'offload_no_such_role';
      const refused = new URL(base);
      refused.port = '1';
      for (const [url, why] of [
        [missingDb, /database "offload_no_such_database" does not exist$/],
        [missingRole, /role "offload_no_such_role" does not exist$/],
        [refused, /connection refused \(ECONNREFUSED\)/],
      ] as const) {
        const run = await runCli(['serve', '--port', '0', '--no-worker'], { env: { OFFLOAD_DATABASE: url.href } });
        assert.equal(run.code, 1, shown(run));
        const lines = stderrLines(run.stderr);
        assert.equal(lines.length, 1, shown(run));
        assert.match(lines[0]!, /^offload: database postgres:\/\/\S+: /);
        assert.match(lines[0]!, why);
      }
    });
  });
});
