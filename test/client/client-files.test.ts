import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  InvalidRequestError,
  isProblem,
  NetworkError,
  NotFoundError,
  OffloadClient,
  type RetryEvent,
  ServiceUnavailableError,
} from '../../src/client/offload-client.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { type OffloadServer, startOffloadServer } from './offload-server.ts';

// `client.files` against a real `offload serve`: uploads from every kind of body (a stream is sent
// as it is read, never buffered, and never sent twice), content ranges and conditional reads, and
// signed links fetched without the API key.

let server: OffloadServer;
let client: OffloadClient;
let proxy: FaultProxy;
let dir: string;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pattern = (length: number, seed = 7) => Uint8Array.from({ length }, (_, i) => (i * seed + (i >> 10)) % 256);

/** A proxy that streams request bodies through (unlike fault-proxy.ts) and counts their bytes as they pass. */
async function startStreamingProxy(target: string) {
  const upstream = new URL(target);
  const state = { received: 0, headers: [] as IncomingHttpHeaders[], waiters: [] as (() => void)[] };
  const server: Server = createServer((req, res) => {
    state.headers.push(req.headers);
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.on('data', (chunk: Buffer) => {
      state.received += chunk.length;
      for (const wake of state.waiters.splice(0)) wake();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    /** Resolves once `bytes` body bytes have passed; rejects after `ms` (the client is holding them back). */
    async until(bytes: number, ms: number) {
      const deadline = Date.now() + ms;
      while (state.received < bytes) {
        if (Date.now() > deadline) throw new Error(`only ${state.received} of ${bytes} bytes reached the proxy: the upload is not streamed`);
        await new Promise<void>((resolve) => {
          state.waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('client files', () => {
  before(async () => {
    server = await startOffloadServer();
    client = new OffloadClient({ baseUrl: server.url, apiKey: server.apiKey });
    proxy = await startFaultProxy(server.url);
    dir = await mkdtemp(join(tmpdir(), 'offload-client-files-'));
  });
  after(async () => {
    await proxy?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a stream is uploaded as it is read: the first chunk reaches the server before the last is made', async () => {
    const relay = await startStreamingProxy(server.url);
    try {
      const first = pattern(256 * 1024, 3);
      const second = pattern(128 * 1024, 5);
      async function* chunks() {
        yield first;
        // Held until the first chunk went out: a client that buffered the body would wait forever.
        await relay.until(first.length, 10_000);
        yield second;
      }
      const viaRelay = new OffloadClient({ baseUrl: relay.url, apiKey: server.apiKey });
      const file = await viaRelay.files.upload(chunks(), { name: 'streamed.bin' });
      const all = new Uint8Array([...first, ...second]);
      assert.deepEqual([file.size, file.sha256], [all.length, sha(all)]);
      assert.equal(relay.state.headers[0]?.['content-length'], undefined, 'no length known in advance');
      assert.equal(relay.state.headers[0]?.['transfer-encoding'], 'chunked');
      assert.equal(sha(await (await client.files.content(file.id)).bytes()), sha(all));
    } finally {
      await relay.close();
    }
  });

  test('uploads from a Buffer, a string, a Node file stream and a web ReadableStream keep their bytes and types', async () => {
    const path = join(dir, 'on-disk.bin');
    const onDisk = pattern(300_000, 11);
    await writeFile(path, onDisk);
    const fromFile = await client.files.upload(createReadStream(path, { highWaterMark: 16 * 1024 }), { name: 'on-disk.bin' });
    assert.deepEqual([fromFile.size, fromFile.sha256], [onDisk.length, sha(onDisk)]);

    // A small Buffer is a view into a shared pool: only its own bytes are sent.
    const buffer = Buffer.from('a small buffer');
    const fromBuffer = await client.files.upload(buffer, { name: 'small.txt', contentType: 'text/plain' });
    assert.deepEqual([fromBuffer.size, fromBuffer.sha256, fromBuffer.contentType], [buffer.length, sha(buffer), 'text/plain']);

    const fromString = await client.files.upload('grüße', { name: 'greeting.txt' });
    assert.equal(fromString.contentType, 'text/plain; charset=utf-8');
    assert.equal(await (await client.files.content(fromString.id)).text(), 'grüße');

    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":'));
        controller.enqueue(new TextEncoder().encode('1}'));
        controller.close();
      },
    });
    const fromWeb = await client.files.upload(web, { name: 'data.json', contentType: 'application/json' });
    assert.equal(fromWeb.contentType, 'application/json');
    assert.deepEqual(JSON.parse(await (await client.files.content(fromWeb.id)).text()), { a: 1 });

    const nameless = await client.files.upload('x', { name: '../escape' }).catch((e: unknown) => e);
    assert.ok(nameless instanceof InvalidRequestError && nameless.status === 422, String(nameless));
  });

  test('bytes in memory are sent again after a 503 or a refused connection; a stream never is', async () => {
    const unavailable = {
      kind: 'answer' as const,
      status: 503,
      headers: { 'retry-after': '0' },
      body: { type: '/problems/service-unavailable', title: 'Service unavailable', status: 503, code: 'service-unavailable' },
    };
    const firstUpload = (req: { method: string; url: string }, i: number) => (req.method === 'POST' && i === 0 ? unavailable : ({ kind: 'pass' } as const));
    const before = (await client.files.list({ limit: 100 })).items.length;

    proxy.seen.length = 0;
    proxy.plan = firstUpload;
    const events: RetryEvent[] = [];
    const viaProxy = new OffloadClient({ baseUrl: proxy.url, apiKey: server.apiKey, retry: { baseDelayMs: 10 }, onRetry: (e) => events.push(e) });
    const bytes = pattern(5000);
    const stored = await viaProxy.files.upload(bytes, { name: 'again.bin' });
    assert.equal(stored.sha256, sha(bytes));
    assert.deepEqual(events.map((e) => [e.operation, e.status]), [['uploadFile', 503]]);
    assert.equal(proxy.seen.length, 2);

    proxy.seen.length = 0;
    proxy.plan = firstUpload;
    events.length = 0;
    async function* once() {
      yield bytes;
    }
    const err = await viaProxy.files.upload(once(), { name: 'once.bin' }).catch((e: unknown) => e);
    proxy.plan = () => ({ kind: 'pass' });
    assert.ok(err instanceof ServiceUnavailableError, String(err));
    assert.equal(proxy.seen.length, 1, 'sent once');
    assert.deepEqual(events, []);
    assert.equal((await client.files.list({ limit: 100 })).items.length, before + 1, 'one file stored: the retried one');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const refused: RetryEvent[] = [];
    const down = new OffloadClient({ baseUrl: closed, apiKey: server.apiKey, retry: { maxRetries: 2, baseDelayMs: 10 }, onRetry: (e) => refused.push(e) });
    assert.ok((await down.files.upload(bytes, { name: 'x.bin' }).catch((e: unknown) => e)) instanceof NetworkError);
    assert.equal(refused.length, 2, 'a refused connection is retried for bytes in memory');
    refused.length = 0;
    const streamed = await down.files.upload(once(), { name: 'x.bin' }).catch((e: unknown) => e);
    assert.ok(streamed instanceof NetworkError && streamed.refused, String(streamed));
    assert.equal(refused.length, 0, 'but not for a stream');
  });

  test('content ranges, conditional reads and their errors', async () => {
    const bytes = pattern(10_000, 13);
    const file = await client.files.upload(bytes, { name: 'ranges.bin' });
    const from = await client.files.content(file.id, { range: { offset: 9000 } });
    assert.deepEqual([from.status, from.range, from.length, from.size], [206, { offset: 9000, length: 1000 }, 1000, bytes.length]);
    assert.deepEqual(await from.bytes(), bytes.subarray(9000));
    const last = await client.files.content(file.id, { range: { suffix: 10 } });
    assert.deepEqual([last.status, last.range], [206, { offset: 9990, length: 10 }]);
    assert.deepEqual(await last.bytes(), bytes.subarray(9990));
    const clipped = await client.files.content(file.id, { range: { offset: 9995, length: 100 } });
    assert.deepEqual(await clipped.bytes(), bytes.subarray(9995), 'a range past the end is cut to the file');

    const past = await client.files.content(file.id, { range: { offset: bytes.length } }).catch((e: unknown) => e);
    assert.ok(past instanceof InvalidRequestError && past.status === 416 && past.code === 'range-not-satisfiable', String(past));

    const unchanged = await client.files.content(file.id, { etag: `"${file.sha256}"` });
    assert.deepEqual([unchanged.status, unchanged.body, unchanged.etag], [304, null, `"${file.sha256}"`]);
    const stale = await client.files.content(file.id, { range: { offset: 0, length: 1 }, ifRange: '"not-this-one"' });
    assert.deepEqual([stale.status, stale.range, stale.size], [200, null, bytes.length], 'If-Range that does not match: the whole file');
    await stale.body?.cancel();
    const current = await client.files.content(file.id, { range: { offset: 0, length: 1 }, ifRange: `"${file.sha256}"` });
    assert.deepEqual([current.status, [...(await current.bytes())]], [206, [bytes[0]]]);

    // A range that cannot be written is refused before anything is sent.
    await assert.rejects(client.files.content(file.id, { range: { offset: -1 } }), RangeError);
    await assert.rejects(client.files.content(file.id, { range: { offset: 0, length: 0 } }), RangeError);
    await assert.rejects(client.files.content(file.id, { range: { suffix: 1.5 } }), RangeError);
  });

  test('a signed link is fetched without the API key, as a token, a path or a URL; a forged one is 404', async () => {
    const file = await client.files.upload('linked bytes', { name: 'naïve file.txt' });
    const viaProxy = new OffloadClient({ baseUrl: proxy.url, apiKey: server.apiKey });
    proxy.seen.length = 0;
    const token = file.href.split('/').at(-1)!;
    for (const link of [file.href, token, `${server.url}${file.href}`]) {
      const content = await viaProxy.files.download(link, { range: { offset: 7 } });
      assert.deepEqual([content.status, await content.text(), content.name], [206, 'bytes', 'naïve file.txt']);
    }
    await (await viaProxy.files.content(file.id)).bytes();
    assert.deepEqual(
      proxy.seen.map((s) => [s.url.startsWith('/v1/downloads/') ? 'download' : 'content', s.headers.authorization !== undefined]),
      [['download', false], ['download', false], ['download', false], ['content', true]],
    );

    const forged = await client.files.download(`${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`).catch((e: unknown) => e);
    assert.ok(forged instanceof NotFoundError && isProblem(forged, 'download-not-found'), String(forged));
    await assert.rejects(client.files.download('/v1/files/nope'), TypeError);
    await assert.rejects(client.files.download('../v1/tasks'), TypeError);
  });
});
