import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';
import {
  BIG_INTEGER,
  CREATED,
  createPostgresSource,
  createSqliteSource,
  itemRows,
  type PostgresSource,
  pythonCsv,
  pythonJsonl,
  TRICKY_LABELS,
} from '../helpers/export-sources.ts';
import { postgresUrl } from '../helpers/postgres.ts';

// The export type end to end on a whole node over real HTTP, from a SQLite source and a PostgreSQL
// source: tricky values survive CSV and JSONL as Python's csv and json modules read them, through
// `/result` → 303 → the signed link; a wrong source, parameter or format is a 422 at submit;
// progress moves; a cancel stops an export mid-way and leaves no file.

const ITEMS = 400;
const NUMBERS = 100_000;

describe(onBackend('export'), { skip: await backendSkip() }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let auth: Record<string, string>;
  let pgSource: PostgresSource | null = null;
  const dialects: ('sqlite' | 'postgres')[] = ['sqlite'];
  // A name of its own: each run's connections are told apart in pg_stat_activity by it.
  const crm = `crm${randomBytes(4).toString('hex')}`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-export-'));
    database = await tempDatabase();
    const shop = join(dir, 'shop.db');
    createSqliteSource(shop, ITEMS, NUMBERS);
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = 'silent';
    config.worker.pollIntervalMs = 50;
    config.exports.batchRows = 100;
    config.databases = { shop };
    const items = (table: string) => `SELECT id, label, amount, data, created FROM ${table} WHERE id >= :from ORDER BY id`;
    const from = { from: { type: 'integer', minimum: 1, default: 1 } };
    config.exports.sources = {
      items_sqlite: { database: 'shop', query: items('items'), params: from, description: 'items of the shop' },
      numbers_sqlite: { database: 'shop', query: 'SELECT n, word FROM numbers ORDER BY n' },
      since: {
        database: 'shop',
        query: 'SELECT id FROM items WHERE created >= :since AND (:kind IS NULL OR label = :kind)',
        params: { since: { type: 'string', format: 'date-time' }, kind: { type: 'string', optional: true } },
      },
    };
    const url = await postgresUrl();
    if (url) {
      pgSource = await createPostgresSource(url, ITEMS);
      config.databases[crm] = url;
      config.exports.sources.items_postgres = { database: crm, query: items(`${pgSource.schema}.items`), params: from };
      // pg_sleep makes each batch of 100 rows take ≥ 100 ms: time to watch progress and to cancel.
      config.exports.sources.slow_postgres = {
        database: crm,
        query: 'SELECT n, pg_sleep(0.001)::text AS slept FROM generate_series(1, 5000) AS n',
        countQuery: 'SELECT 5000',
      };
      dialects.push('postgres');
    }
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'shop' })).key}` };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    await pgSource?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const submit = (input: unknown) =>
    fetch(`${node.url}/v1/tasks`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'export', input }) });
  type Doc = { status: string; progress: { current?: number; total?: number; percent?: number }; result?: { file: string; rows: number; format: string }; error?: unknown };
  const doc = async (id: string) => (await (await fetch(`${node.url}/v1/tasks/${id}`, { headers: auth })).json()) as Doc;
  const settle = async (id: string, watch?: (d: Doc) => void): Promise<Doc> => {
    for (let i = 0; i < 1200; i++) {
      const d = await doc(id);
      watch?.(d);
      if (['succeeded', 'failed', 'canceled'].includes(d.status)) return d;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`task ${id} did not finish`);
  };
  /** Runs an export and downloads its file through `/result` → 303 → the signed link. */
  const exportFile = async (input: Record<string, unknown>): Promise<{ path: string; doc: Doc; contentType: string | null }> => {
    const submitted = await submit(input);
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    const done = await settle(id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    const result = await fetch(`${node.url}/v1/tasks/${id}/result`, { headers: auth, redirect: 'manual' });
    assert.equal(result.status, 303);
    const link = result.headers.get('location')!;
    assert.match(link, /^\/v1\/downloads\//);
    const download = await fetch(`${node.url}${link}`);
    assert.equal(download.status, 200);
    const path = join(dir, `${id}.${String(input.format)}`);
    await writeFile(path, Buffer.from(await download.arrayBuffer()));
    return { path, doc: done, contentType: download.headers.get('content-type') };
  };

  const base64 = (data: Buffer | null) => (data === null ? null : data.toString('base64'));

  for (const dialect of ['sqlite', 'postgres'] as const) {
    test(`CSV from the ${dialect} source: every row intact as Python's csv reads it`, async (t) => {
      if (!dialects.includes(dialect)) return t.skip('no PostgreSQL server reachable');
      const { path, doc: done, contentType } = await exportFile({ source: `items_${dialect}`, format: 'csv' });
      assert.equal(contentType, 'text/csv; charset=utf-8');
      assert.deepEqual(done.result?.rows, ITEMS);
      assert.deepEqual(done.progress.current, ITEMS);
      const records = pythonCsv(path);
      assert.deepEqual(records[0], ['id', 'label', 'amount', 'data', 'created']);
      const expected = itemRows(ITEMS).map((r, i) => [
        String(r.id),
        TRICKY_LABELS[i % TRICKY_LABELS.length]!.csv,
        r.amount.toString(),
        base64(r.data) ?? '',
        CREATED,
      ]);
      assert.equal(records.length, ITEMS + 1);
      assert.deepEqual(records.slice(1), expected);
      assert.equal(records[1]![2], BIG_INTEGER);
    });

    test(`JSONL from the ${dialect} source: every row intact as Python's json reads it`, async (t) => {
      if (!dialects.includes(dialect)) return t.skip('no PostgreSQL server reachable');
      const { path, doc: done } = await exportFile({ source: `items_${dialect}`, format: 'jsonl', params: { from: 2 }, name: 'items.jsonl' });
      assert.deepEqual(done.result?.format, 'jsonl');
      const objects = pythonJsonl(path);
      const expected = itemRows(ITEMS)
        .slice(1)
        .map((r) => ({
          id: r.id,
          label: r.label,
          // SQLite integers within 2^53 are numbers; PostgreSQL bigint is text, every digit kept.
          amount: dialect === 'sqlite' ? Number(r.amount) : r.amount.toString(),
          data: base64(r.data),
          created: CREATED,
        }));
      assert.deepEqual(objects, expected);
    });
  }

  test('the big integer stays exact in JSONL (a string beyond 2^53)', async () => {
    const { path } = await exportFile({ source: 'items_sqlite', format: 'jsonl' });
    assert.equal((pythonJsonl(path)[0] as { amount: unknown }).amount, BIG_INTEGER);
  });

  test('optional parameters are null when left out; the export may be empty and still has its header', async () => {
    const { path, doc: done } = await exportFile({ source: 'since', format: 'csv', params: { since: '2999-01-01T00:00:00Z' } });
    assert.equal(done.result?.rows, 0);
    assert.deepEqual(pythonCsv(path), [['id']]);
  });

  test('a wrong source, parameter or format is a 422 at submit, naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ source: 'nope', format: 'csv' }, '/input/source', /one of: "items_sqlite", "numbers_sqlite", "since"/],
      [{ source: 'since', format: 'csv' }, '/input/params', /is required/],
      [{ source: 'since', format: 'csv', params: {} }, '/input/params/since', /is required/],
      [{ source: 'since', format: 'csv', params: { since: 'yesterday' } }, '/input/params/since', /date-time/],
      [{ source: 'since', format: 'csv', params: { since: '2024-01-01T00:00:00Z', other: 1 } }, '/input/params/other', /not allowed/],
      [{ source: 'items_sqlite', format: 'csv', params: { from: 0 } }, '/input/params/from', />= 1/],
      [{ source: 'items_sqlite', format: 'xlsx' }, '/input/format', /one of: "csv", "jsonl"/],
      [{ source: 'items_sqlite', format: 'csv', name: '../etc/passwd' }, '/input/name', /pattern/],
    ];
    const before = (await (await fetch(`${node.url}/v1/tasks?type=export&limit=100`, { headers: auth })).json()) as { items: unknown[] };
    for (const [input, pointer, detail] of cases) {
      const answer = await submit(input);
      assert.equal(answer.status, 422, JSON.stringify(input));
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = (await answer.json()) as { errors?: { pointer: string; detail: string }[] };
      const match = problem.errors?.find((e) => e.pointer === pointer);
      assert.ok(match, `${JSON.stringify(input)}: no error at ${pointer}: ${JSON.stringify(problem.errors)}`);
      assert.match(match.detail, detail);
    }
    const afterList = (await (await fetch(`${node.url}/v1/tasks?type=export&limit=100`, { headers: auth })).json()) as { items: unknown[] };
    assert.equal(afterList.items.length, before.items.length, 'nothing stored');
  });

  test('the type and its schema show in /v1/task-types', async () => {
    const types = (await (await fetch(`${node.url}/v1/task-types`, { headers: auth })).json()) as { items: { type: string; inputSchema: { properties: { source: { enum: string[] } } } }[] };
    const exportType = types.items.find((t) => t.type === 'export');
    assert.ok(exportType);
    assert.deepEqual(exportType.inputSchema.properties.source.enum.slice(0, 3), ['items_sqlite', 'numbers_sqlite', 'since']);
  });

  test('progress moves during a 100,000-row export (current rises to the total)', async () => {
    const submitted = await submit({ source: 'numbers_sqlite', format: 'csv' });
    const { id } = (await submitted.json()) as { id: string };
    const seen: number[] = [];
    const done = await settle(id, (d) => {
      if (d.status === 'running' && typeof d.progress.current === 'number') seen.push(d.progress.current);
    });
    assert.equal(done.status, 'succeeded');
    assert.equal(done.progress.total, NUMBERS);
    assert.equal(done.progress.current, NUMBERS);
    assert.ok(seen.some((c) => c > 0 && c < NUMBERS), `a value between 0 and the total was seen: ${JSON.stringify([...new Set(seen)])}`);
  });

  test('cancel stops an export mid-way and leaves no file (PostgreSQL slow source)', async (t) => {
    if (!dialects.includes('postgres')) return t.skip('no PostgreSQL server reachable');
    const submitted = await submit({ source: 'slow_postgres', format: 'jsonl' });
    const { id } = (await submitted.json()) as { id: string };
    const seen: number[] = [];
    for (let i = 0; i < 400 && !seen.some((c) => c > 0); i++) {
      const d = await doc(id);
      if (typeof d.progress.current === 'number') seen.push(d.progress.current);
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(seen.some((c) => c > 0 && c < 5000), `progress moved before the cancel: ${JSON.stringify(seen)}`);
    const cancel = await fetch(`${node.url}/v1/tasks/${id}/cancel`, { method: 'POST', headers: auth });
    assert.ok([200, 202].includes(cancel.status), String(cancel.status));
    const done = (await settle(id)) as Doc & { files?: unknown[] };
    assert.equal(done.status, 'canceled');
    assert.ok((done.progress.current ?? 0) < 5000, 'stopped before the end');
    assert.deepEqual(done.files ?? [], []);
    const result = await fetch(`${node.url}/v1/tasks/${id}/result`, { headers: auth, redirect: 'manual' });
    assert.notEqual(result.status, 303);

    // Every export closed its connections, the canceled one too.
    const client = new pg.Client({ connectionString: (await postgresUrl())! });
    await client.connect();
    try {
      let open = -1;
      for (let i = 0; i < 50 && open !== 0; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        open = (await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [`offload-source-${crm}`])).rows[0].n;
      }
      assert.equal(open, 0, 'no source connection left open');
    } finally {
      await client.end();
    }
  });
});
