import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import { type GeneratedFile, peopleFile, peopleTarget, postgresTarget, REASON_OF, sqliteTarget, type TargetFixture } from '../helpers/import-data.ts';
import { postgresSkip } from '../helpers/postgres.ts';

// The import type end to end on a whole node (API, runner, file store) over real HTTP, into a table
// of a real SQLite file and of the test PostgreSQL server: 100,000 rows with 1 % bad rows of seven
// kinds land exactly as the good rows, the rejected-rows file names each bad row, its line and why;
// upsert counts updates; the stages show in the task document.

const ROWS = 100_000;

describe(onBackend('import'), { skip: (await backendSkip()) || (await postgresSkip()) }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let auth: Record<string, string>;
  const targets: Record<'sqlite' | 'postgres', TargetFixture> = {} as never;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-import-'));
    database = await tempDatabase();
    targets.sqlite = await sqliteTarget();
    targets.postgres = await postgresTarget();
    for (const t of Object.values(targets)) {
      await t.create('people');
      await t.create('people_jsonl');
    }
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = (process.env.IMPORT_TEST_LOG as Config['logLevel']) ?? 'silent';
    config.worker.pollIntervalMs = 50;
    config.databases = { local: targets.sqlite.location, pg: targets.postgres.location };
    config.imports.targets = {
      people_sqlite: peopleTarget('local', targets.sqlite.table('people')),
      people_sqlite_jsonl: peopleTarget('local', targets.sqlite.table('people_jsonl')),
      people_pg: peopleTarget('pg', targets.postgres.table('people')),
      people_pg_jsonl: peopleTarget('pg', targets.postgres.table('people_jsonl')),
    };
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'imports' })).key}` };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    for (const t of Object.values(targets)) await t?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (file: GeneratedFile, name: string) => {
    const type = name.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
    const res = await fetch(`${node.url}/v1/files?name=${name}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: file.bytes });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };

  interface Doc {
    id: string;
    status: string;
    result?: { rows: number; inserted: number; updated: number; rejected: number; rejectedFile: string | null };
    error?: unknown;
    progress?: { message?: string; current?: number; total?: number };
  }
  const run = async (input: Record<string, unknown>, stages?: Set<string>): Promise<Doc> => {
    const res = await fetch(`${node.url}/v1/tasks`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', prefer: 'respond-async' }, body: JSON.stringify({ type: 'import', input }) });
    assert.equal(res.status, 202, await res.clone().text());
    const { id } = (await res.json()) as { id: string };
    let doc: Doc = { id, status: '' };
    for (let i = 0; i < 1200 && !['succeeded', 'failed', 'canceled'].includes(doc.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      doc = (await (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).json()) as Doc;
      if (doc.progress?.message) stages?.add(doc.progress.message);
    }
    return doc;
  };

  const rejectedRows = async (fileId: string) => {
    const res = await fetch(`${node.url}/v1/files/${fileId}/content`, { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    return parse(await res.text(), { columns: true }) as { line: string; field: string; reason: string; row: string }[];
  };

  const checkImport = async (fixture: TargetFixture, table: string, file: GeneratedFile, doc: Doc) => {
    assert.equal(doc.status, 'succeeded', JSON.stringify(doc.error));
    const result = doc.result!;
    assert.equal(result.rows, file.rows);
    assert.equal(result.inserted, file.good.size);
    assert.equal(result.updated, 0);
    assert.equal(result.rejected, file.bad.size);
    assert.equal(file.bad.size, file.rows / 100);

    const landed = await fixture.rows(table);
    assert.equal(landed.length, file.good.size, 'exactly the good rows land');
    for (const row of landed) assert.deepEqual(row, file.good.get(row.email), `row ${row.email} as in the file`);

    const rejected = await rejectedRows(result.rejectedFile!);
    assert.equal(rejected.length, file.bad.size);
    const kinds = new Set<string>();
    for (const r of rejected) {
      const kind = file.bad.get(Number(r.line));
      assert.ok(kind, `line ${r.line} is one of the bad rows: ${JSON.stringify(r)}`);
      kinds.add(kind);
      const expected = REASON_OF[kind];
      assert.match(r.reason, expected.reason, `line ${r.line} (${kind}): ${r.reason}`);
      if (kind !== 'unparseable' && kind !== 'database') assert.equal(r.field, expected.field, `line ${r.line} (${kind})`);
      assert.ok(r.row.length > 0, 'the raw row is kept');
    }
    assert.equal(new Set(rejected.map((r) => r.line)).size, file.bad.size, 'each bad row once');
    return kinds;
  };

  for (const dialect of ['sqlite', 'postgres'] as const) {
    test(`${ROWS} CSV rows into a ${dialect} table: the good ones land, each bad one is named with its line and why`, async () => {
      const file = peopleFile('csv', ROWS);
      const id = await upload(file, 'people.csv');
      const stages = new Set<string>();
      const started = Date.now();
      const doc = await run({ file: id, target: dialect === 'sqlite' ? 'people_sqlite' : 'people_pg', format: 'csv', mode: 'insert' }, stages);
      const seconds = (Date.now() - started) / 1000;
      const kinds = await checkImport(targets[dialect], 'people', file, doc);
      assert.deepEqual([...kinds].sort(), ['database', 'duplicate key', 'missing required field', 'too long', 'unparseable', 'wrong type']);
      console.log(`import csv → ${dialect}: ${ROWS} rows in ${seconds.toFixed(1)} s, stages seen: ${[...stages].join(' → ')}`);
      assert.ok(stages.has('write'), `the write stage was seen (${[...stages]})`);

      // Upsert: 2,000 rows whose first 1,000 emails exist: 1,000 updated, 1,000 inserted.
      const again = peopleFile('csv', 2000, { firstRow: ROWS - 999, bad: false, nameTag: ' (updated)' });
      const upsert = await run({ file: await upload(again, 'again.csv'), target: dialect === 'sqlite' ? 'people_sqlite' : 'people_pg', format: 'csv', mode: 'upsert' });
      assert.equal(upsert.status, 'succeeded', JSON.stringify(upsert.error));
      const wasBad = [...again.good.keys()].filter((email) => !file.good.has(email) && Number(email.slice(1, email.indexOf('@'))) <= ROWS).length;
      assert.deepEqual(upsert.result, { rows: 2000, inserted: 1000 + wasBad, updated: 1000 - wasBad, rejected: 0, rejectedFile: null });
      const rows = new Map((await targets[dialect].rows('people')).map((r) => [r.email, r]));
      assert.equal(rows.size, file.good.size + 1000 + wasBad);
      for (const [email, person] of again.good) assert.deepEqual(rows.get(email), person);
    });

    test(`${ROWS} JSONL rows into a ${dialect} table, with unknown columns and malformed JSON among the bad ones`, async () => {
      const file = peopleFile('jsonl', ROWS);
      const doc = await run({ file: await upload(file, 'people.jsonl'), target: dialect === 'sqlite' ? 'people_sqlite_jsonl' : 'people_pg_jsonl', format: 'jsonl' });
      const kinds = await checkImport(targets[dialect], 'people_jsonl', file, doc);
      assert.equal(kinds.size, 7, `every kind: ${[...kinds]}`);
    });
  }
});
