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

// ——— One schema for every field, cross-field rules, every error at once ———

function configErrors(options: Parameters<typeof loadConfig>[0]): string[] {
  try {
    loadConfig({ cwd: tmpdir(), env: {}, ...options });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message.split('\n');
  }
  assert.fail('the configuration was accepted');
}

test('webhooks.allow entries must be host names, addresses or CIDRs (a bad CIDR made every callback submit a 500)', () => {
  for (const bad of ['10.0.0.0/33', '10.0.0/8', '300.1.1.1', 'https://hooks.lan', 'hooks lan', 'fe80::/129', '*.lan', '10']) {
    const lines = configErrors({ env: { OFFLOAD_WEBHOOKS_ALLOW: `hooks.lan,${bad}` } });
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^webhooks\.allow must be .*host name.*CIDR.*, got .* \(OFFLOAD_WEBHOOKS_ALLOW\)$/);
  }
  const config = loadConfig({
    cwd: tmpdir(),
    env: { OFFLOAD_WEBHOOKS_ALLOW: 'hooks.lan, 127.0.0.0/8, 10.1.2.3, ::1, fd00::/8, localhost, my_host.internal' },
  });
  assert.deepEqual(config.webhooks.allow, ['hooks.lan', '127.0.0.0/8', '10.1.2.3', '::1', 'fd00::/8', 'localhost', 'my_host.internal']);
});

test('values that are wrong although of the right type are refused, naming the field, the source and the rule', async () => {
  assert.match(
    configErrors({ overrides: { webhooks: { scheduleSeconds: [5, -5] } } })[0]!,
    /^webhooks\.scheduleSeconds must be an array of numbers, each > 0.*, got \[5,-5\] \(command line\)$/,
  );
  assert.match(
    configErrors({ env: { OFFLOAD_LIMITS_WAIT_MAX_SECONDS: '100000' } })[0]!,
    /^limits\.waitMaxSeconds must be an integer from 0 to 300, got 100000 \(OFFLOAD_LIMITS_WAIT_MAX_SECONDS\)$/,
  );
  assert.match(configErrors({ env: { OFFLOAD_LOG_LEVEL: 'verbose' } })[0]!, /^logLevel must be one of fatal, error, warn, info, debug, trace, silent, got "verbose" \(OFFLOAD_LOG_LEVEL\)$/);
  assert.match(configErrors({ env: { OFFLOAD_WORKER_CONCURRENCY: '2.5' } })[0]!, /^worker\.concurrency must be a positive integer.*, got 2\.5 \(OFFLOAD_WORKER_CONCURRENCY\)$/);
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    const file = join(dir, 'offload.config.json');
    await writeFile(file, JSON.stringify({ tasks: { retryBaseSeconds: 10 } }));
    const lines = configErrors({ cwd: dir, env: { OFFLOAD_TASKS_RETRY_MAX_SECONDS: '5' } });
    assert.deepEqual(lines, [
      `tasks.retryBaseSeconds (10, config file ${file}) must be ≤ tasks.retryMaxSeconds (5, OFFLOAD_TASKS_RETRY_MAX_SECONDS)`,
    ]);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('OFFLOAD_DATABASE is a path or a postgres:// / postgresql:// URL; any other scheme is refused', () => {
  for (const bad of ['mysql://x/y', 'sqlite://data/x.db', 'file:///tmp/x.db', 'postgres://[bad']) {
    const lines = configErrors({ env: { OFFLOAD_DATABASE: bad } });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^database must be a SQLite file path or a postgres:\/\/ or postgresql:\/\/ URL, got .* \(OFFLOAD_DATABASE\)$/);
  }
  for (const good of ['./data/x.db', '/var/lib/offload/x.db', 'x.db', 'postgres://u@h/db', 'postgresql://u:p@h:5433/db?sslmode=require']) {
    assert.equal(loadConfig({ cwd: tmpdir(), env: { OFFLOAD_DATABASE: good } }).database, good);
  }
});

test('an unknown OFFLOAD_* variable is an error (with "did you mean" when close), like an unknown field in the file', () => {
  assert.deepEqual(configErrors({ env: { OFFLOAD_WORKER_CONCURENCY: '4' } }), [
    'OFFLOAD_WORKER_CONCURENCY: unknown setting (did you mean OFFLOAD_WORKER_CONCURRENCY?)',
  ]);
  assert.match(configErrors({ env: { OFFLOAD_COMPLETELY_DIFFERENT: '1' } })[0]!, /^OFFLOAD_COMPLETELY_DIFFERENT: unknown setting; /);
  // The CLI's own variables, the webhook receiver example's and the test suite's are not settings.
  const config = loadConfig({
    cwd: tmpdir(),
    env: { OFFLOAD_URL: 'http://x', OFFLOAD_API_KEY: 'ok_x', OFFLOAD_WEBHOOK_SECRET: 'whsec_x', OFFLOAD_TEST_BACKEND: 'postgres', OFFLOAD_CONFIG: '' },
  });
  assert.equal(config.port, DEFAULTS.port);
});

test('every problem is reported at once, one line each', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    const file = join(dir, 'offload.config.json');
    await writeFile(file, JSON.stringify({ port: 'x', limits: { bodyByte: 1, pageSizeMax: 0 }, webhooks: { allow: ['10.0.0.0/99'] } }));
    const lines = configErrors({ cwd: dir, env: { OFFLOAD_WORKER_LEASE_SECONDS: '0', OFFLOAD_PORTT: '1', OFFLOAD_HOST: 'a b' } });
    assert.equal(lines.length, 7, lines.join('\n'));
    const expected = [
      /^OFFLOAD_PORTT: unknown setting \(did you mean OFFLOAD_PORT\?\)$/,
      new RegExp(`^config file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: unknown field "limits.bodyByte" \\(did you mean "limits.bodyBytes"\\?\\)$`),
      /^port must be an integer from 0 \(any free port\) to 65535, got "x" \(config file .*\)$/,
      /^limits\.pageSizeMax must be a positive integer.*, got 0 \(config file .*\)$/,
      /^webhooks\.allow must be .*, got \["10\.0\.0\.0\/99"\] \(config file .*\)$/,
      /^worker\.leaseSeconds must be a positive integer.*, got 0 \(OFFLOAD_WORKER_LEASE_SECONDS\)$/,
      /^host must be .*, got "a b" \(OFFLOAD_HOST\)$/,
    ];
    for (const re of expected) assert.ok(lines.some((l) => re.test(l)), `no line matches ${re}:\n${lines.join('\n')}`);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('the schema describes every field of the defaults, and the defaults satisfy it', async () => {
  const { CONFIG_SCHEMA } = await import('../src/config/config-schema.ts');
  const leaves = (value: unknown, path: string[] = []): string[] =>
    // An empty object is a map the operator fills (`databases`): one leaf, like its schema.
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
      : [path.join('.')];
  const schemaLeaves = (schema: { properties?: Record<string, unknown> }, path: string[] = []): string[] =>
    schema.properties
      ? Object.entries(schema.properties).flatMap(([k, v]) => schemaLeaves(v as { properties?: Record<string, unknown> }, [...path, k]))
      : [path.join('.')];
  assert.deepEqual(schemaLeaves(CONFIG_SCHEMA).sort(), leaves(DEFAULTS).sort());
});

test('databases: a map of names to SQLite paths or postgres:// URLs; a bad entry is named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    const file = join(dir, 'offload.config.json');
    await writeFile(file, JSON.stringify({ databases: { shop: './data/shop.db', crm: 'postgres://127.0.0.1/test' } }));
    const config = loadConfig({ cwd: dir, env: {} });
    assert.deepEqual(config.databases, { shop: './data/shop.db', crm: 'postgres://127.0.0.1/test' });
    const fromEnv = loadConfig({ cwd: tmpdir(), env: { OFFLOAD_DATABASES: '{"shop":"./shop.db"}' } });
    assert.deepEqual(fromEnv.databases, { shop: './shop.db' });

    await writeFile(file, JSON.stringify({ databases: { shop: 'mysql://x/y', 'bad name': './a.db' } }));
    assert.throws(
      () => loadConfig({ cwd: dir, env: {} }),
      (e) =>
        e instanceof ConfigError &&
        e.problems.some((l) => /^databases\.shop must be a SQLite file path or a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/x\/y" \(config file /.test(l)) &&
        e.problems.some((l) => /^databases must be an object of database names/.test(l)),
    );
    assert.throws(() => loadConfig({ cwd: tmpdir(), env: { OFFLOAD_DATABASES: 'shop=./a.db' } }), /OFFLOAD_DATABASES: must be a JSON object/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('exports.sources are checked at start: the database, one SELECT, parameters declared and used', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-config-'));
  try {
    const file = join(dir, 'offload.config.json');
    const ok = { database: 'shop', query: 'SELECT id FROM orders WHERE created_at >= :since;', params: { since: { type: 'string', format: 'date-time' } } };
    await writeFile(file, JSON.stringify({ databases: { shop: './shop.db' }, exports: { sources: { orders: ok } } }));
    assert.deepEqual(loadConfig({ cwd: dir, env: {} }).exports.sources.orders, ok);

    await writeFile(
      file,
      JSON.stringify({
        databases: { shop: './shop.db' },
        exports: {
          sources: {
            wrongdb: { database: 'shopp', query: 'SELECT 1' },
            twostatements: { database: 'shop', query: 'SELECT 1; DROP TABLE orders' },
            write: { database: 'shop', query: 'DELETE FROM orders' },
            undeclared: { database: 'shop', query: 'SELECT * FROM orders WHERE id = :id' },
            unused: { database: 'shop', query: 'SELECT 1', params: { id: { type: 'integer' } } },
            noquery: { database: 'shop' },
          },
        },
      }),
    );
    assert.throws(
      () => loadConfig({ cwd: dir, env: {} }),
      (e) => {
        assert.ok(e instanceof ConfigError);
        const expected = [
          /^exports\.sources\.wrongdb\.database "shopp" must name one of databases: shop \(config file /,
          /^exports\.sources\.twostatements\.query holds 2 statements; one SELECT is allowed/,
          /^exports\.sources\.write\.query must be a SELECT .*it starts with "delete"/,
          /^exports\.sources\.undeclared\.query uses :id, which exports\.sources\.undeclared\.params does not declare/,
          /^exports\.sources\.unused\.params\.id is not used by the query/,
          /^exports\.sources\.noquery\.query is required/,
        ];
        for (const re of expected) assert.ok(e.problems.some((l) => re.test(l)), `no line matches ${re}:\n${e.problems.join('\n')}`);
        return true;
      },
    );
  } finally {
    await rm(dir, { recursive: true });
  }
});
