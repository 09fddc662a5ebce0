import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// The client as a package: `npm pack` builds it (prepack: tsc to JS + .d.ts), the tarball is
// installed into a plain Node project outside the repository, and a plain JavaScript program there
// imports it from node_modules and runs a flow against a real `offload serve`; a TypeScript file
// there type-checks against the published declarations.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = join(ROOT, 'clients/typescript');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);

let server: OffloadServer;
let dir: string;

/** npm as the test's runner started it (npm scripts set npm_execpath), on the same Node. */
function npm(args: string[], cwd: string) {
  const cli = process.env.npm_execpath;
  return cli ? run(process.execPath, [cli, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }) : run('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
}

before(async () => {
  server = await startOffloadServer();
  dir = await mkdtemp(join(tmpdir(), 'offload-client-package-'));
});

after(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const FLOW = `
import { OffloadClient, NotFoundError, isProblem } from '@offload/client';

const client = new OffloadClient({ baseUrl: process.env.OFFLOAD_URL, apiKey: process.env.OFFLOAD_API_KEY });
const submitted = await client.submit({ type: 'steps', input: { steps: 3, intervalMs: 200 }, metadata: { from: 'package' } });
let notReady = null;
try {
  await client.result(submitted.task.id);
} catch (err) {
  notReady = { family: err instanceof NotFoundError, code: err.code, retryAfter: err.retryAfter, isProblem: isProblem(err, 'result-not-ready') };
}
const seen = [];
for await (const task of client.wait(submitted.task.id)) seen.push(task.progress.message ?? task.status);
const listed = [];
for await (const task of client.listAll({ metadata: { from: 'package' } })) listed.push(task.id);
async function* chunks() { yield new TextEncoder().encode('packaged '); yield new TextEncoder().encode('bytes'); }
const file = await client.files.upload(chunks(), { name: 'packaged.txt', contentType: 'text/plain' });
const downloaded = await (await client.files.download(file.href, { range: { offset: 9 } })).text();
console.log(JSON.stringify({
  status: submitted.status,
  key: typeof submitted.idempotencyKey,
  notReady,
  seen,
  result: await client.result(submitted.task.id),
  listed: listed.length,
  file: [file.size, downloaded],
}));
`;

const CHECK = `
import { OffloadClient, OffloadWorkerClient, type BatchDocument, type ClaimedTask, type FileContent, type TaskDocument, type Submitted, ConflictError } from '@offload/client';
import type { paths } from '@offload/client/openapi-types';

export async function check(client: OffloadClient): Promise<TaskDocument['status']> {
  const submitted: Submitted = await client.submit({ type: 'steps', input: {} }, { prefer: 'async' });
  // @ts-expect-error a submission needs its type
  await client.submit({ input: {} });
  const location: paths['/v1/tasks']['post']['responses'][202]['headers']['Location'] = submitted.location ?? '';
  void location;
  for await (const task of client.wait(submitted.task.id)) if (task.status === 'failed') throw new ConflictError({ problem: { type: '', title: '', status: 409, code: 'task-failed' }, retryAfter: null, requestId: null, location: null });
  return (await client.get(submitted.task.id)).status;
}

export async function work(worker: OffloadWorkerClient): Promise<ClaimedTask['leaseToken'][]> {
  const tasks = await worker.claim({ types: ['resize'], waitSeconds: 5 });
  for (const task of tasks) await worker.complete(task.leaseToken, { ok: true });
  return tasks.map((task) => task.leaseToken);
}

export async function files(client: OffloadClient): Promise<FileContent['size']> {
  const file = await client.files.upload(new Blob(['x']), { name: 'a.bin' });
  // @ts-expect-error an upload needs its name
  await client.files.upload(new Uint8Array([1]), {});
  return (await client.files.download(file.href, { range: { suffix: 1 } })).size;
}

export async function batches(client: OffloadClient): Promise<BatchDocument['status']> {
  const accepted = await client.batches.submit([{ id: 'a', method: 'GET', url: '/v1/me' }], { async: true });
  const answered: 200 = (await client.batches.submit([{ id: 'a', method: 'GET', url: '/v1/me' }])).status;
  void answered;
  return (await client.batches.waitUntilDone(accepted.batch.id, { until: 'dispatched' })).status;
}

export async function schedule(client: OffloadClient): Promise<string | null> {
  // @ts-expect-error a schedule submits a new task every tick: no customId
  await client.createSchedule({ cron: '0 * * * *', task: { type: 'steps', customId: 'x' } });
  return (await client.createSchedule({ cron: '0 * * * *', task: { type: 'steps', input: {} } })).nextRunAt;
}
`;

test('npm pack builds an installable package: imported from node_modules by plain Node, typed by its .d.ts', async () => {
  const packed = await npm(['pack', '--json', '--pack-destination', dir], PACKAGE);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  assert.ok(info, packed.stdout);
  const files = info.files.map((f) => f.path).sort();
  assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts'), files.join('\n'));
  assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), [], 'no TypeScript sources: Node refuses to strip types under node_modules');

  const project = join(dir, 'project');
  await run('mkdir', ['-p', project]);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'offload-client-consumer', private: true, type: 'module' }));
  await npm(['install', '--offline', '--no-audit', '--no-fund', join(dir, info.filename)], project);

  await writeFile(join(project, 'flow.mjs'), FLOW);
  const flow = await run(process.execPath, ['flow.mjs'], { cwd: project, env: { ...process.env, OFFLOAD_URL: server.url, OFFLOAD_API_KEY: server.apiKey } });
  const summary = JSON.parse(flow.stdout) as Record<string, unknown> & { seen: string[]; notReady: Record<string, unknown> };
  assert.equal(summary.status, 202);
  assert.equal(summary.key, 'string', 'an Idempotency-Key was generated');
  assert.deepEqual({ ...summary.notReady, retryAfter: typeof summary.notReady.retryAfter }, {
    family: true,
    code: 'result-not-ready',
    retryAfter: 'number',
    isProblem: true,
  });
  for (const step of ['step 1 of 3', 'step 2 of 3', 'step 3 of 3']) assert.ok(summary.seen.includes(step), `wait() saw ${step}: ${summary.seen.join(', ')}`);
  assert.deepEqual(summary.result, { steps: 3 });
  assert.equal(summary.listed, 1);
  assert.deepEqual(summary.file, [14, 'bytes'], 'a streamed upload and a ranged download from the built package');

  await writeFile(join(project, 'check.ts'), CHECK);
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], module: 'nodenext', moduleResolution: 'nodenext' },
      files: ['check.ts'],
    }),
  );
  const checked = await run(process.execPath, [TSC, '-p', project], { cwd: project }).then(
    () => '',
    (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
  );
  assert.equal(checked, '', `tsc on a consumer of the package:\n${checked}`);
});
