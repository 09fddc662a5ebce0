import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDatabase } from '../helpers/backend.ts';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// Done-when 2 of the files issue: a 200 MB upload to a real `offload serve` (the default database
// driver) and back through its signed link in Range requests and whole: bytes and sha256 identical,
// and the server's resident memory, sampled every 50 ms from /proc, stays under 250 MB throughout.

const SIZE = 200 * 1024 * 1024;
const RSS_LIMIT = 250 * 1024 * 1024;

let dir: string;
let database: Awaited<ReturnType<typeof tempDatabase>>;
let server: OffloadProcess;
let base: string;
let key: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-large-'));
  database = await tempDatabase();
  const env = { OFFLOAD_DATABASE: database.database, OFFLOAD_PORT: '0' };
  const created = await runOffload(['keys', 'create', '--tenant', 'big', '--create', '--json'], env);
  assert.equal(created.code, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
  server = spawnOffload(['serve', '--no-worker'], env);
  base = String((await server.waitForLog((e) => e.msg === 'offload node started')).api);
});

after(async () => {
  await server?.kill('SIGKILL');
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** 200 MB from a repeated random block, as a web stream, hashed as it is produced. */
function source(hash: ReturnType<typeof createHash>): ReadableStream<Uint8Array> {
  const block = randomBytes(1024 * 1024 + 17);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= SIZE) return controller.close();
      const n = Math.min(block.length - (sent % 1000), SIZE - sent);
      const chunk = block.subarray(sent % 1000, (sent % 1000) + n);
      hash.update(chunk);
      sent += n;
      controller.enqueue(new Uint8Array(chunk));
    },
  });
}

async function digest(res: Response, hash = createHash('sha256')): Promise<{ bytes: number; hash: ReturnType<typeof createHash> }> {
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  return { bytes, hash };
}

test('200 MB up and back through a signed link with Range requests: identical bytes, RSS under 250 MB', async (t) => {
  const pid = server.child.pid!;
  let peak = rssOf(pid);
  const idle = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  try {
    const sent = createHash('sha256');
    const started = Date.now();
    const res = await fetch(`${base}/v1/files?name=big.bin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: source(sent),
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 201, await res.clone().text());
    const uploadMs = Date.now() - started;
    const afterUpload = peak;
    const file = (await res.json()) as { size: number; sha256: string; href: string };
    const expected = sent.digest('hex');
    assert.equal(file.size, SIZE);
    assert.equal(file.sha256, expected);

    // Eight ranges in order, concatenated, then the whole file in one go.
    const ranged = createHash('sha256');
    const step = SIZE / 8;
    const downStarted = Date.now();
    for (let i = 0; i < 8; i++) {
      const part = await fetch(`${base}${file.href}`, { headers: { range: `bytes=${i * step}-${(i + 1) * step - 1}` } });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), `bytes ${i * step}-${(i + 1) * step - 1}/${SIZE}`);
      assert.equal((await digest(part, ranged)).bytes, step);
    }
    assert.equal(ranged.digest('hex'), expected);
    const afterRanges = peak;
    const whole = await fetch(`${base}${file.href}`);
    assert.equal(whole.headers.get('etag'), `"${expected}"`);
    const all = await digest(whole);
    const downloadMs = Date.now() - downStarted;
    assert.equal(all.bytes, SIZE);
    assert.equal(all.hash.digest('hex'), expected);
    t.diagnostic(
      `RSS idle ${(idle / 1048576).toFixed(0)} MB, peak after the upload ${(afterUpload / 1048576).toFixed(0)} MB, after the ranges ${(afterRanges / 1048576).toFixed(0)} MB, peak ${(peak / 1048576).toFixed(0)} MB; upload ${(SIZE / 1048576 / (uploadMs / 1000)).toFixed(0)} MB/s, download (8 ranges + whole, 400 MB) ${((2 * SIZE) / 1048576 / (downloadMs / 1000)).toFixed(0)} MB/s`,
    );
    assert.ok(peak < RSS_LIMIT, `peak RSS ${(peak / 1048576).toFixed(0)} MB (after the upload ${(afterUpload / 1048576).toFixed(0)}, after the ranges ${(afterRanges / 1048576).toFixed(0)})`);
  } finally {
    clearInterval(sampler);
  }
});
