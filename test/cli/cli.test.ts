import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type OffloadProcess, spawnOffload } from '../helpers/offload-process.ts';
import { hasStack, runCli, shown } from './cli-process.ts';

// The `offload` command as a user meets it: help at every level, --version, documented exit codes,
// one clear line per error (and a JSON document with --json), the task commands against a real
// server, and store commands that do not invent a database.

const COMMANDS = [
  [],
  ['serve'],
  ['worker'],
  ['migrate'],
  ['keys'],
  ['keys', 'create'],
  ['keys', 'list'],
  ['keys', 'revoke'],
  ['task'],
  ['task', 'submit'],
  ['task', 'get'],
  ['task', 'wait'],
  ['task', 'cancel'],
  ['task', 'retry'],
  ['task', 'list'],
  ['task', 'result'],
  ['task', 'destroy'],
];

let dir: string;
let database: string;
let server: OffloadProcess;
let url: string;
let key: string;

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('offload CLI', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-cli-'));
    database = join(dir, 'offload.db');
    server = spawnOffload(['serve', '--port', '0'], { OFFLOAD_DATABASE: database, OFFLOAD_WORKER_POLL_INTERVAL_MS: '50' });
    url = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
    const created = await runCli(['keys', 'create', '--tenant', 'cli', '--json', '--database', database]);
    assert.equal(created.code, 0, shown(created));
    key = (JSON.parse(created.stdout) as { key: string }).key;
  });

  after(async () => {
    await server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  test('--help works at every level: exit 0, that command’s usage on stdout', async () => {
    for (const command of COMMANDS) {
      const run = await runCli([...command, '--help']);
      assert.equal(run.code, 0, `offload ${command.join(' ')} --help\n${shown(run)}`);
      assert.match(run.stdout, new RegExp(`^Usage: offload${command.map((c) => ` ${c}`).join('')}\\b`, 'm'), shown(run));
      assert.equal(run.stderr, '');
    }
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = await runCli([flag]);
      assert.equal(run.code, 0, shown(run));
      assert.equal(run.stdout.trim(), version);
    }
  });

  test('offload --help documents the exit codes', async () => {
    const run = await runCli(['--help']);
    for (const [code, meaning] of [['0', /success/i], ['1', /server answered with a problem/i], ['2', /usage|configuration/i], ['3', /reach/i], ['4', /--timeout/]] as const) {
      assert.match(run.stdout, new RegExp(`^\\s+${code}\\s+.*${meaning.source}`, 'mi'), `exit code ${code} undocumented:\n${run.stdout}`);
    }
  });

  test('no command, an unknown command or a bad flag: exit 2 and one line; with --json also {"error"} on stdout', async () => {
    const none = await runCli([]);
    assert.equal(none.code, 2, shown(none));
    assert.match(none.stderr, /Usage: offload/);

    const unknown = await runCli(['tsk', 'get', 'x']);
    assert.equal(unknown.code, 2, shown(unknown));
    assert.match(unknown.stderr, /^offload: unknown command 'tsk'.*did you mean task/im);

    const missing = await runCli(['task', 'get', '--key', 'k']);
    assert.equal(missing.code, 2, shown(missing));
    assert.equal(missing.stderr.trim().split('\n').length, 1, shown(missing));
    assert.match(missing.stderr, /^offload: missing required argument 'id'/);

    const json = await runCli(['task', 'get', 'x', '--bogus', '--json']);
    assert.equal(json.code, 2, shown(json));
    const doc = JSON.parse(json.stdout) as { error: { kind: string; message: string } };
    assert.equal(doc.error.kind, 'usage');
    assert.match(doc.error.message, /unknown option '--bogus'/);
    assert.match(json.stderr, /^offload: unknown option '--bogus'/);
  });

  test('a server problem exits 1 with one line on stderr; with --json the problem document is on stdout', async () => {
    const run = await runCli(['task', 'get', 'tsk_0000000000000000000000000000', '--url', url, '--key', key]);
    assert.equal(run.code, 1, shown(run));
    assert.match(run.stderr, /^offload: 404 Task not found/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(run.stdout, '');

    const json = await runCli(['task', 'get', 'tsk_0000000000000000000000000000', '--url', url, '--key', key, '--json']);
    assert.equal(json.code, 1, shown(json));
    const problem = JSON.parse(json.stdout) as { status: number; code: string };
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'task-not-found');
    assert.match(json.stderr, /^offload: 404 /);
  });

  test('an unreachable server exits 3 with one line and no stack trace', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const run = await runCli(['task', 'get', 'tsk_x', '--url', down, '--key', key]);
    assert.equal(run.code, 3, shown(run));
    assert.equal(run.stderr.trim().split('\n').length, 1, shown(run));
    assert.match(run.stderr, new RegExp(`^offload: cannot reach ${down}: .*ECONNREFUSED`));
    assert.ok(!hasStack(run.stderr), shown(run));

    const json = await runCli(['task', 'submit', 'sleep', '--url', down, '--key', key, '--json']);
    assert.equal(json.code, 3, shown(json));
    assert.equal((JSON.parse(json.stdout) as { error: { kind: string } }).error.kind, 'unreachable');
    assert.ok(!hasStack(json.stderr), shown(json));
  });

  test('task wait --timeout gives up with exit 4 and one line, no stack trace', async () => {
    const submitted = await runCli(['task', 'submit', 'sleep', '--input', '{"seconds":30}', '--async', '--json', '--url', url, '--key', key]);
    assert.equal(submitted.code, 0, shown(submitted));
    const { id } = JSON.parse(submitted.stdout) as { id: string };
    const run = await runCli(['task', 'wait', id, '--timeout', '1', '--url', url, '--key', key]);
    assert.equal(run.code, 4, shown(run));
    assert.match(lastLine(run.stderr), new RegExp(`^offload: gave up waiting for ${id} after 1 s`));
    assert.ok(!hasStack(run.stderr), shown(run));
    const json = await runCli(['task', 'wait', id, '--timeout', '1', '--url', url, '--key', key, '--json']);
    assert.equal(json.code, 4, shown(json));
    assert.equal((JSON.parse(json.stdout) as { error: { kind: string } }).error.kind, 'timeout');
    const destroyed = await runCli(['task', 'destroy', id, '--url', url, '--key', key]);
    assert.equal(destroyed.code, 0, shown(destroyed));
  });

  test('task list, result and destroy', async () => {
    const submitted = await runCli(['task', 'submit', 'noop', '--custom-id', 'cli-list-1', '--wait', '--json', '--url', url, '--key', key]);
    assert.equal(submitted.code, 0, shown(submitted));
    const { id, status } = JSON.parse(submitted.stdout) as { id: string; status: string };
    assert.equal(status, 'succeeded');

    const result = await runCli(['task', 'result', id, '--url', url, '--key', key]);
    assert.equal(result.code, 0, shown(result));
    assert.doesNotThrow(() => JSON.parse(result.stdout));

    const list = await runCli(['task', 'list', '--custom-id', 'cli-list-1', '--json', '--url', url, '--key', key]);
    assert.equal(list.code, 0, shown(list));
    const page = JSON.parse(list.stdout) as { items: { id: string }[]; nextCursor: string | null };
    assert.deepEqual(page.items.map((t) => t.id), [id]);
    const human = await runCli(['task', 'list', '--type', 'noop', '--status', 'succeeded', '--limit', '5', '--url', url, '--key', key]);
    assert.equal(human.code, 0, shown(human));
    assert.match(human.stdout, new RegExp(`^${id}\\s+noop\\s+succeeded`, 'm'));

    const destroyed = await runCli(['task', 'destroy', id, '--url', url, '--key', key, '--json']);
    assert.equal(destroyed.code, 0, shown(destroyed));
    assert.deepEqual(JSON.parse(destroyed.stdout), { id, destroyed: true, stopping: false });
    const gone = await runCli(['task', 'get', id, '--url', url, '--key', key]);
    assert.equal(gone.code, 1, shown(gone));
    assert.match(gone.stderr, /^offload: 410 /);
  });

  test('task retry queues a failed or canceled task again (exit 0; --wait follows it); any other state is a problem (exit 1)', async () => {
    const canceledTask = async () => {
      const submitted = await runCli(['task', 'submit', 'noop', '--delay', '3600', '--json', '--url', url, '--key', key]);
      assert.equal(submitted.code, 0, shown(submitted));
      const { id } = JSON.parse(submitted.stdout) as { id: string };
      const canceled = await runCli(['task', 'cancel', id, '--url', url, '--key', key]);
      assert.equal(canceled.code, 0, shown(canceled));
      return id;
    };

    const first = await canceledTask();
    const human = await runCli(['task', 'retry', first, '--url', url, '--key', key]);
    assert.equal(human.code, 0, shown(human));
    assert.match(human.stdout, new RegExp(`^${first} queued\\b`), shown(human));

    const second = await canceledTask();
    const waited = await runCli(['task', 'retry', second, '--wait', '--json', '--url', url, '--key', key]);
    assert.equal(waited.code, 0, shown(waited));
    const done = JSON.parse(waited.stdout) as { id: string; status: string; attempts: { count: number } };
    assert.deepEqual([done.id, done.status, done.attempts.count], [second, 'succeeded', 1]);

    const again = await runCli(['task', 'retry', second, '--url', url, '--key', key]);
    assert.equal(again.code, 1, shown(again));
    assert.match(again.stderr, /^offload: 409 /);
    assert.equal(again.stderr.trim().split('\n').length, 1, shown(again));
    const json = await runCli(['task', 'retry', second, '--json', '--url', url, '--key', key]);
    assert.equal(json.code, 1, shown(json));
    assert.deepEqual(
      [JSON.parse(json.stdout).code, JSON.parse(json.stdout).taskStatus],
      ['task-state-conflict', 'succeeded'],
    );

    const down = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await runCli(['task', 'retry', second, '--json', '--url', down, '--key', key]);
    assert.equal(unreachable.code, 3, shown(unreachable));
    assert.equal((JSON.parse(unreachable.stdout) as { error: { kind: string } }).error.kind, 'unreachable');
  });

  test('keys commands refuse to create a database that does not exist, unless --create', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'offload-cli-cwd-'));
    try {
      const env = { OFFLOAD_DATABASE: '' };
      const run = await runCli(['keys', 'create', '--tenant', 'x'], { cwd, env });
      assert.equal(run.code, 2, shown(run));
      assert.match(run.stderr, /^offload: no database at \.\/data\/offload\.db.*--database.*--create/);
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.equal(existsSync(join(cwd, 'data', 'offload.db')), false, 'a database was created');

      const list = await runCli(['keys', 'list', '--database', join(cwd, 'other.db')], { cwd, env });
      assert.equal(list.code, 2, shown(list));
      assert.equal(existsSync(join(cwd, 'other.db')), false);

      const created = await runCli(['keys', 'create', '--tenant', 'x', '--create', '--json'], { cwd, env });
      assert.equal(created.code, 0, shown(created));
      assert.equal(existsSync(join(cwd, 'data', 'offload.db')), true);
      const listed = await runCli(['keys', 'list', '--json'], { cwd, env });
      assert.equal(listed.code, 0, shown(listed));
      assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
