import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Ctx, WorkloadResult } from '../context.ts';
import { createScratch, PG_ADMIN_URL, sleep } from '../env.ts';
import { type Figure, ratio } from '../report.ts';
import { createKey, startServer } from '../server.ts';

// export: 1,000,000 rows from a SQLite source and from a PostgreSQL source, to CSV and to JSONL,
// through a real `offload serve` (API and worker in one process). Rows/s (the task's startedAt →
// finishedAt, which includes its count query) against a same-run reference: the source database's
// own scan rate (SQLite: a plain iterate of the same SELECT in this process; PostgreSQL: `COPY
// (query) TO STDOUT` read by the client). The server's RSS is sampled every 200 ms during each
// export (flat = constant memory); the progress values seen are counted; `/result` must answer 303;
// every file is read back by Python (csv / json) and each row compared with what it must be.

const ROWS = 1_000_000;
const QUERY_COLUMNS = 'id, label, amount, note';

// Row i: label cycles through values a CSV writer gets wrong; amount = 7i − 3,000,000; note = 'row i'.
const LABEL_SQL = (nl: string, crlf: string) => `CASE i % 8 WHEN 0 THEN 'plain' WHEN 1 THEN 'a "quoted", comma' WHEN 2 THEN 'line' || ${nl} || 'break'
  WHEN 3 THEN 'crlf' || ${crlf} || 'x' WHEN 4 THEN 'emoji 🎉 ünï 漢字' WHEN 5 THEN NULL WHEN 6 THEN '=1+2' ELSE '-5' END`;

const PY_CHECK = String.raw`
import csv, json, sys
path, fmt, dialect, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
labels = ['plain', 'a "quoted", comma', 'line\nbreak', 'crlf\r\nx', 'emoji 🎉 ünï 漢字', None, '=1+2', '-5']
csv_cells = ['plain', 'a "quoted", comma', 'line\nbreak', 'crlf\r\nx', 'emoji 🎉 ünï 漢字', '', "'=1+2", '-5']
intact = bad = 0
first_bad = None
with open(path, newline='', encoding='utf-8') as f:
    if fmt == 'csv':
        reader = csv.reader(f)
        assert next(reader) == ['id', 'label', 'amount', 'note']
        records = reader
    else:
        records = (json.loads(line) for line in f)
    for n, rec in enumerate(records, start=1):
        i = n
        if fmt == 'csv':
            want = [str(i), csv_cells[i % 8], str(7 * i - 3000000), 'row %d' % i]
        else:
            amount = 7 * i - 3000000
            want = {'id': i, 'label': labels[i % 8], 'amount': amount if dialect == 'sqlite' else str(amount), 'note': 'row %d' % i}
        if rec == want:
            intact += 1
        else:
            bad += 1
            first_bad = first_bad or (n, rec, want)
print(json.dumps({'intact': intact, 'bad': bad, 'expected': rows, 'firstBad': repr(first_bad) if first_bad else None}))
`;

async function sqliteSource(dir: string): Promise<{ path: string; scanRowsPerSec: number }> {
  const path = join(dir, 'source.db');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, label TEXT, amount INTEGER, note TEXT)');
  db.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS})
    INSERT INTO rows SELECT i, ${LABEL_SQL('char(10)', 'char(13, 10)')}, 7 * i - 3000000, 'row ' || i FROM s`);
  // Reference: a plain iterate of the same SELECT, every value read.
  const t0 = performance.now();
  let n = 0;
  for (const row of db.prepare(`SELECT ${QUERY_COLUMNS} FROM rows ORDER BY id`).iterate()) if (row) n++;
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  if (n !== ROWS) throw new Error(`SQLite reference read ${n} rows`);
  return { path, scanRowsPerSec: ROWS / seconds };
}

async function postgresSource(): Promise<{ schema: string; copyRowsPerSec: number; drop(): Promise<void> }> {
  const schema = `bench_export_${process.pid}`;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.rows (id integer PRIMARY KEY, label text, amount bigint, note text)`);
    await client.query(`INSERT INTO ${schema}.rows SELECT i, ${LABEL_SQL('chr(10)', 'chr(13) || chr(10)')}, 7 * i - 3000000, 'row ' || i FROM generate_series(1, ${ROWS}) AS i`);
    await client.query(`ANALYZE ${schema}.rows`);
    // Reference: COPY (query) TO STDOUT, every byte read by the client.
    const t0 = performance.now();
    let lines = 0;
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${QUERY_COLUMNS} FROM ${schema}.rows ORDER BY id) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          done();
        },
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    // COPY's text format escapes newlines inside values (\n), so one line is one row.
    if (lines !== ROWS) throw new Error(`COPY reference read ${lines} lines`);
    return {
      schema,
      copyRowsPerSec: ROWS / seconds,
      async drop() {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => c.end());
      },
    };
  } finally {
    await client.end();
  }
}

interface Run {
  source: string;
  format: 'csv' | 'jsonl';
  rows: number;
  seconds: number;
  rowsPerSec: number;
  progressSeen: number[];
  rssBeforeMb: number | null;
  rssSamplesMb: number[];
  resultStatus: number;
  fileBytes: number;
  check: { intact: number; bad: number; expected: number; firstBad: string | null };
}

export async function exportWorkload(ctx: Ctx): Promise<WorkloadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-bench-export-'));
  const scratch = await createScratch(ctx.kind, 'export');
  let pgSource: Awaited<ReturnType<typeof postgresSource>> | null = null;
  try {
    ctx.log(`${ctx.kind}: export: building the sources (${ROWS} rows each) …`);
    const lite = await sqliteSource(dir);
    pgSource = await postgresSource();
    const query = (table: string) => `SELECT ${QUERY_COLUMNS} FROM ${table} ORDER BY id`;
    const key = await createKey(scratch);
    const server = await startServer(scratch, {
      worker: true,
      extraEnv: {
        OFFLOAD_DATABASES: JSON.stringify({ lite: lite.path, pg: PG_ADMIN_URL }),
        OFFLOAD_EXPORTS_SOURCES: JSON.stringify({
          sqlite: { database: 'lite', query: query('rows') },
          postgres: { database: 'pg', query: query(`${pgSource.schema}.rows`) },
        }),
      },
    });
    const auth = { authorization: `Bearer ${key}` };
    const runs: Run[] = [];
    try {
      for (const source of ['sqlite', 'postgres'] as const) {
        for (const format of ['csv', 'jsonl'] as const) {
          ctx.log(`${ctx.kind}: export ${source} → ${format} …`);
          const rssBeforeMb = server.sampleRss();
          const submitted = await fetch(`${server.url}/v1/tasks`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json', prefer: 'respond-async' },
            body: JSON.stringify({ type: 'export', input: { source, format } }),
          });
          if (submitted.status !== 202) throw new Error(`submit answered ${submitted.status}: ${await submitted.text()}`);
          const { id } = (await submitted.json()) as { id: string };
          const progressSeen: number[] = [];
          const rssSamplesMb: number[] = [];
          type Doc = { status: string; startedAt?: string; finishedAt?: string; progress: { current?: number }; result?: { rows: number }; error?: unknown };
          let doc: Doc = { status: 'queued', progress: {} };
          const deadline = Date.now() + 600_000;
          while (!['succeeded', 'failed', 'canceled'].includes(doc.status)) {
            if (Date.now() > deadline) throw new Error(`export ${source}/${format} did not finish in 600 s`);
            await sleep(200);
            doc = (await (await fetch(`${server.url}/v1/tasks/${id}`, { headers: auth })).json()) as Doc;
            const rss = server.sampleRss();
            if (doc.status === 'running') {
              if (rss !== null) rssSamplesMb.push(rss);
              if (typeof doc.progress.current === 'number' && progressSeen.at(-1) !== doc.progress.current) progressSeen.push(doc.progress.current);
            }
          }
          if (doc.status !== 'succeeded') throw new Error(`export ${source}/${format} ${doc.status}: ${JSON.stringify(doc.error)}`);
          const seconds = (Date.parse(doc.finishedAt!) - Date.parse(doc.startedAt!)) / 1000;
          const result = await fetch(`${server.url}/v1/tasks/${id}/result`, { headers: auth, redirect: 'manual' });
          const file = join(dir, `${source}.${format}`);
          await pipeline(Readable.fromWeb((await fetch(`${server.url}${result.headers.get('location')}`)).body as never), createWriteStream(file));
          const check = JSON.parse(execFileSync('python3', ['-c', PY_CHECK, file, format, source, String(ROWS)], { encoding: 'utf8' }));
          runs.push({
            source,
            format,
            rows: doc.result!.rows,
            seconds,
            rowsPerSec: doc.result!.rows / seconds,
            progressSeen,
            rssBeforeMb,
            rssSamplesMb,
            resultStatus: result.status,
            fileBytes: (await stat(file)).size,
            check,
          });
          await rm(file, { force: true });
        }
      }
    } finally {
      await server.stop();
    }
    const figures: Figure[] = [
      { workload: 'reference: export', metric: 'SQLite SELECT iterate rows/s', value: lite.scanRowsPerSec, unit: '/s', note: `${ROWS} rows, node:sqlite, same query` },
      { workload: 'reference: export', metric: 'PostgreSQL COPY TO STDOUT rows/s', value: pgSource.copyRowsPerSec, unit: '/s', note: `${ROWS} rows, read by the client (pg-copy-streams)` },
    ];
    for (const r of runs) {
      const ref = r.source === 'sqlite' ? lite.scanRowsPerSec : pgSource.copyRowsPerSec;
      const samples = r.rssSamplesMb;
      const rss = samples.length > 0 ? `RSS during ${Math.min(...samples)}–${Math.max(...samples)} MB (${samples.length} samples, before ${r.rssBeforeMb} MB)` : 'no RSS sample while running';
      figures.push({
        workload: 'export',
        metric: `${r.source} → ${r.format} rows/s`,
        value: r.rowsPerSec,
        unit: '/s',
        ratio: ratio(r.rowsPerSec, ref, r.source === 'sqlite' ? 'SQLite iterate' : 'PostgreSQL COPY'),
        note: `${r.rows} rows in ${r.seconds.toFixed(1)} s, ${(r.fileBytes / 1e6).toFixed(0)} MB; ${rss}; ${r.progressSeen.length} progress values; /result ${r.resultStatus}; Python: ${r.check.intact} intact, ${r.check.bad} bad`,
      });
    }
    return { figures, raw: { rows: ROWS, references: { sqlite: lite.scanRowsPerSec, postgres: pgSource.copyRowsPerSec }, runs, serverPeakRssMb: server.peakRssMb } };
  } finally {
    await pgSource?.drop().catch(() => {});
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
