import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase } from '../helpers/cluster.ts';
import { peopleFile, peopleTarget, postgresTarget, sqliteTarget, type TargetFixture, type ImportDoc } from '../helpers/import-data.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';
import { postgresSkip } from '../helpers/postgres.ts';

// Exactly once across a crash: `kill -9` of the `offload worker` running an import, in its write
// stage; once the lease expires the task is retried on another worker process, which skips the
// chunks the target's ledger has. The target table has no unique index, so a chunk written twice
// would show as duplicate rows. Real processes: a SQLite task store with a SQLite target, and a
// PostgreSQL task store with a PostgreSQL target.

const ROWS = 100_000;
const CHUNK_ROWS = 500;

const cases = [
  { name: 'SQLite task store, SQLite target', store: 'sqlite', target: sqliteTarget },
  { name: 'PostgreSQL task store, PostgreSQL target', store: 'postgres', target: postgresTarget },
] as const;

describe('import: kill -9 of the worker mid-write, retried on another worker', { skip: await postgresSkip() }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  for (const c of cases) {
    test(`${c.name}: no duplicate rows, totals right`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'offload-import-crash-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const fixture: TargetFixture = await c.target();
      cleanups.push(() => fixture.drop());
      await fixture.create('events', false);
      let database = join(dir, 'offload.db');
      if (c.store === 'postgres') {
        const db = await createTestDatabase();
        cleanups.push(() => db.drop());
        database = db.url;
      }
      const configFile = join(dir, 'offload.config.json');
      await writeFile(
        configFile,
        JSON.stringify({
          database,
          databases: { target: fixture.location },
          imports: { targets: { events: peopleTarget('target', fixture.table('events'), { keyed: false, chunkRows: CHUNK_ROWS }) } },
        }),
      );
      const env = {
        OFFLOAD_CONFIG: configFile,
        OFFLOAD_PORT: '0',
        OFFLOAD_WORKER_LEASE_SECONDS: '2',
        OFFLOAD_WORKER_POLL_INTERVAL_MS: '100',
        OFFLOAD_MAINTENANCE_RESCUE_INTERVAL_MS: '200',
        OFFLOAD_TASKS_RETRY_BASE_SECONDS: '0.1',
      };
      const created = await runOffload(['keys', 'create', '--tenant', 'crash', '--create', '--json'], env);
      assert.equal(created.code, 0, created.stderr);
      const auth = { authorization: `Bearer ${(JSON.parse(created.stdout) as { key: string }).key}` };
      const processes: OffloadProcess[] = [];
      cleanups.push(() => Promise.all(processes.map((p) => p.kill('SIGKILL'))));
      const server = spawnOffload(['serve', '--no-worker'], env);
      processes.push(server);
      const url = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);

      const file = peopleFile('csv', ROWS, { bad: false });
      const uploaded = await fetch(`${url}/v1/files?name=events.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: file.bytes });
      assert.equal(uploaded.status, 201);
      const fileId = ((await uploaded.json()) as { id: string }).id;

      const first = spawnOffload(['worker', '--types', 'import'], env);
      processes.push(first);
      await first.waitForLog((e) => e.msg === 'offload node started');
      const submitted = await fetch(`${url}/v1/tasks`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'import', input: { file: fileId, target: 'events', format: 'csv' }, maxAttempts: 5 }),
      });
      assert.equal(submitted.status, 202, await submitted.clone().text());
      const { id } = (await submitted.json()) as { id: string };
      const get = async (): Promise<ImportDoc> => {
        try {
          return (await (await fetch(`${url}/v1/tasks/${id}`, { headers: auth })).json()) as ImportDoc;
        } catch (err) {
          // Only a reused keep-alive socket the server has just closed is forgiven, once.
          if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
          assert.equal(server.child.exitCode, null, `the server is running:\n${server.lines.slice(-20).join('\n')}`);
          return (await (await fetch(`${url}/v1/tasks/${id}`, { headers: auth })).json()) as ImportDoc;
        }
      };

      let doc = await get();
      for (let i = 0; i < 2400 && !(doc.progress?.message === 'write' && (doc.progress.current ?? 0) >= 10 * CHUNK_ROWS); i++) {
        await new Promise((r) => setTimeout(r, 25));
        doc = await get();
      }
      assert.equal(doc.progress?.message, 'write', `in the write stage: ${JSON.stringify(doc.progress)}`);
      await first.kill('SIGKILL');
      const [{ n: atKill }] = (await fixture.query(`SELECT count(*) AS n FROM ${fixture.table('events')}`)) as [{ n: number }];
      assert.ok(Number(atKill) > 0 && Number(atKill) < ROWS, `the crash left a partial import: ${atKill} rows`);

      const second = spawnOffload(['worker', '--types', 'import'], env);
      processes.push(second);
      for (let i = 0; i < 2400 && !['succeeded', 'failed', 'canceled'].includes(doc.status); i++) {
        await new Promise((r) => setTimeout(r, 50));
        doc = await get();
      }
      assert.equal(doc.status, 'succeeded', JSON.stringify(doc.error));
      assert.ok(doc.attempts.count >= 2, `retried (attempts ${JSON.stringify(doc.attempts)})`);
      assert.deepEqual(doc.result, { rows: ROWS, inserted: ROWS, updated: 0, rejected: 0, rejectedFile: null });
      const [counts] = (await fixture.query(`SELECT count(*) AS n, count(DISTINCT email) AS distinct_emails FROM ${fixture.table('events')}`)) as [
        { n: number; distinct_emails: number },
      ];
      assert.equal(Number(counts.n), ROWS, 'no duplicate rows, none missing');
      assert.equal(Number(counts.distinct_emails), ROWS);
      const ledgerTable = fixture.table('offload_import_chunks');
      const [ledger] = (await fixture.query(`SELECT count(*) AS chunks, sum(inserted) AS inserted FROM ${ledgerTable} WHERE task_id = '${id}'`)) as [
        { chunks: number; inserted: number },
      ];
      assert.equal(Number(ledger.chunks), ROWS / CHUNK_ROWS);
      assert.equal(Number(ledger.inserted), ROWS);
      const rows = new Map((await fixture.rows('events')).map((r) => [r.email, r]));
      for (const [email, person] of file.good) assert.deepEqual(rows.get(email), person);
      console.log(`${c.name}: killed with ${atKill} of ${ROWS} rows written; the retry (attempt ${doc.attempts.count}) finished the rest`);
    });
  }
});
