import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import { PEOPLE_SCHEMA, peopleFile, peopleTarget, sqliteTarget, type TargetFixture, type ImportDoc } from '../helpers/import-data.ts';

// The import type's edges on a whole node over real HTTP: what is refused at submit (422, nothing
// stored), a file that is not CSV, an empty file, a cancel in the write stage (the chunks written
// stay, each whole, matching the ledger), and file holds: an upload a task was submitted with can
// neither be deleted (409 naming the task) nor expire until the task finishes.

describe(onBackend('import edges and file holds'), { skip: await backendSkip() }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let target: TargetFixture;
  let auth: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-import-edges-'));
    database = await tempDatabase();
    target = await sqliteTarget();
    await target.create('people');
    await target.create('events', false);
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = 'silent';
    config.worker.pollIntervalMs = 50;
    config.files.uploadRetentionSeconds = 1;
    config.files.sweepIntervalMs = 100;
    config.databases = { local: target.location };
    config.imports.targets = {
      people: peopleTarget('local', 'people'),
      events: peopleTarget('local', 'events', { keyed: false, chunkRows: 100 }),
    };
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'edges' })).key}` };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    await target?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (bytes: Buffer, name: string, type = 'text/csv') => {
    const res = await fetch(`${node.url}/v1/files?name=${name}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: bytes });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };
  const submit = (body: Record<string, unknown>) =>
    fetch(`${node.url}/v1/tasks`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'import', ...body }) });
  const get = async (id: string) => (await (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).json()) as ImportDoc;
  const settle = async (id: string, until = (d: ImportDoc) => ['succeeded', 'failed', 'canceled'].includes(d.status)) => {
    let doc = await get(id);
    for (let i = 0; i < 1200 && !until(doc); i++) {
      await new Promise((r) => setTimeout(r, 25));
      doc = await get(id);
    }
    return doc;
  };
  const tasksOf = async () => (await (await fetch(`${node.url}/v1/tasks?type=import`, { headers: auth })).json()) as { data?: unknown[]; tasks?: unknown[] };

  test('422 at submit: an unknown target (the targets are listed), a bad mode or format, upsert without a key; nothing stored', async () => {
    const file = await upload(Buffer.from('email,name\na@x.test,A\n'), 'a.csv');
    const before = JSON.stringify(await tasksOf());
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ file, target: 'nope', format: 'csv' }, /\/input\/target must be one of: "people", "events"/],
      [{ file, target: 'people', format: 'csv', mode: 'merge' }, /\/input\/mode must be one of: "insert", "upsert"/],
      [{ file, target: 'people', format: 'xlsx' }, /\/input\/format must be one of: "csv", "jsonl"/],
      [{ file, target: 'events', format: 'csv', mode: 'upsert' }, /target "events" has no key, so it cannot upsert \(targets with a key: people\)/],
      [{ file: 'not-a-file', target: 'people', format: 'csv' }, /\/input\/file/],
      [{ target: 'people', format: 'csv' }, /\/input\/file is required/],
    ];
    for (const [input, detail] of cases) {
      const res = await submit({ input });
      assert.equal(res.status, 422, JSON.stringify(input));
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = (await res.json()) as { detail: string };
      assert.match(problem.detail, detail);
    }
    assert.equal(JSON.stringify(await tasksOf()), before, 'no task was stored');
  });

  test('a file that is not CSV fails the task with the reason, and writes nothing; an empty file imports no rows', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ce0000000049454e44ae426082', 'hex');
    const bad = (await (await submit({ input: { file: await upload(png, 'x.png', 'image/png'), target: 'people', format: 'csv' } })).json()) as { id: string };
    const failed = await settle(bad.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error?.detail ?? '', /cannot be imported as csv: not a text file/);
    assert.equal((await target.rows('people')).length, 0);

    for (const format of ['csv', 'jsonl']) {
      const empty = (await (await submit({ input: { file: await upload(Buffer.alloc(0), `empty.${format}`), target: 'people', format } })).json()) as { id: string };
      const done = await settle(empty.id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
      assert.deepEqual(done.result, { rows: 0, inserted: 0, updated: 0, rejected: 0, rejectedFile: null });
    }
  });

  test('cancel in the write stage: it stops between chunks, the written chunks stay whole and match the ledger', async () => {
    const file = peopleFile('csv', 100_000, { bad: false });
    const fileId = await upload(file.bytes, 'events.csv');
    const res = await submit({ input: { file: fileId, target: 'events', format: 'csv' } });
    const { id } = (await res.json()) as { id: string };
    const writing = await settle(id, (d) => (d.progress?.message === 'write' && (d.progress.current ?? 0) >= 2000) || d.status !== 'running' && d.status !== 'queued');
    assert.equal(writing.status, 'running', 'still running when canceled');
    const held = await fetch(`${node.url}/v1/files/${fileId}`, { method: 'DELETE', headers: auth });
    assert.equal(held.status, 409, 'the running import holds its file');
    const cancel = await fetch(`${node.url}/v1/tasks/${id}/cancel`, { method: 'POST', headers: auth });
    assert.ok(cancel.status === 200 || cancel.status === 202, `cancel answered ${cancel.status}`);
    const doc = await settle(id);
    assert.equal(doc.status, 'canceled');
    const [{ n }] = (await target.query('SELECT count(*) AS n FROM events')) as [{ n: number }];
    const [ledger] = (await target.query(`SELECT count(*) AS chunks, sum(inserted) AS inserted FROM offload_import_chunks WHERE task_id = '${id}'`)) as [{ chunks: number; inserted: number }];
    assert.ok(n >= 2000 && n < file.rows, `some rows were written, not all: ${n}`);
    assert.equal(n % 100, 0, 'whole chunks only');
    assert.equal(ledger.inserted, n, 'the ledger records exactly what is in the table');
    assert.equal(ledger.chunks, n / 100);
  });

  test('a held upload: DELETE answers 409 naming the task, it does not expire while the task waits, and both apply once it is done', async () => {
    const held = await upload(Buffer.from('email,name\nh@x.test,H\n'), 'held.csv');
    const free = await upload(Buffer.from('email,name\nf@x.test,F\n'), 'free.csv');
    const res = await submit({ input: { file: held, target: 'people', format: 'csv' }, delaySeconds: 3600 });
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };

    const refused = await fetch(`${node.url}/v1/files/${held}`, { method: 'DELETE', headers: auth });
    assert.equal(refused.status, 409);
    const problem = (await refused.json()) as { type: string; detail: string; tasks: string[] };
    assert.match(problem.type, /file-held/);
    assert.deepEqual(problem.tasks, [id]);
    assert.match(problem.detail, new RegExp(id));

    // Past the 1 s retention and several sweeps: the free upload is gone, the held one stays.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await fetch(`${node.url}/v1/files/${free}`, { headers: auth })).status, 410);
    assert.equal((await fetch(`${node.url}/v1/files/${held}`, { headers: auth })).status, 200);

    assert.equal((await fetch(`${node.url}/v1/tasks/${id}/cancel`, { method: 'POST', headers: auth })).status, 200);
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await fetch(`${node.url}/v1/files/${held}`, { headers: auth })).status;
    }
    assert.equal(status, 410, 'once the task finished the expired upload goes');
  });

  test('a held upload is read by its task; once the task finished the hold is gone and DELETE works', async () => {
    const file = await upload(Buffer.from('email,name,age\nr@x.test,R,5\n'), 'run.csv');
    const res = await submit({ input: { file, target: 'people', format: 'csv' } });
    const done = await settle(((await res.json()) as { id: string }).id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.result?.inserted, 1);
    // Finished: the hold is released, DELETE works (or the 1 s retention already removed it).
    const deleted = await fetch(`${node.url}/v1/files/${file}`, { method: 'DELETE', headers: auth });
    assert.ok(deleted.status === 204 || deleted.status === 410, `DELETE answered ${deleted.status}`);
  });
});

test('imports.targets is checked at start: every problem names the path of the bad value', () => {
  const attempt = (imports: unknown, databases: Record<string, string> = { local: './t.db' }) => {
    try {
      loadConfig({ env: {}, cwd: tmpdir(), overrides: { databases, imports: imports as Config['imports'] } });
      return [];
    } catch (err) {
      assert.ok(err instanceof ConfigError, String(err));
      return err.problems;
    }
  };
  assert.deepEqual(attempt({ targets: { ok: peopleTarget('local', 'people') } }), []);
  const problems = attempt({
    targets: {
      t: {
        database: 'elsewhere',
        table: 'people; DROP TABLE x',
        key: ['nope'],
        schema: { ...PEOPLE_SCHEMA, properties: { ...PEOPLE_SCHEMA.properties, 'bad name': { type: 'string' } } },
        chunkRows: 0,
        columns: { name: 'full name' },
        extra: 1,
      },
      u: { database: 'local', table: 'u', schema: { type: 'object', properties: { a: { type: 'nonsense' } } } },
      v: { database: 'local', table: 'v', key: ['age'], schema: PEOPLE_SCHEMA },
    },
  }).join('\n');
  for (const expected of [
    /imports\.targets\.t\.database must be a name in databases \(local\), got "elsewhere"/,
    /imports\.targets\.t\.table must be a table name/,
    /imports\.targets\.t\.chunkRows must be a positive integer/,
    /imports\.targets\.t\.columns\.name must be a column name/,
    /imports\.targets\.t\.schema\.properties\.bad name must be named as a column/,
    /imports\.targets\.t\.key\.0 must be a column of the schema/,
    /unknown field "imports\.targets\.t\.extra"/,
    /imports\.targets\.u\.schema must be a JSON Schema that compiles/,
    /imports\.targets\.v\.key\.0 must be a column whose field \(age\) the schema requires/,
  ]) {
    assert.match(problems, expected);
  }
});
