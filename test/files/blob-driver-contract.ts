import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { type BlobDriver, BlobNotFoundError, newBlobKey } from '../../src/files/blob-driver.ts';

// The blob seam's contract (src/files/blob-driver.ts): every driver runs exactly this suite
// (test/files/blob-drivers.test.ts), against the real thing behind it.

export interface OpenedDriver {
  driver: BlobDriver;
  close(): Promise<void>;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** `total` bytes from a seeded generator, in pieces of awkward sizes. */
function generated(total: number, seed = 1): { stream: () => Readable; sha256: string } {
  const block = randomBytes(65_537);
  block[0] = seed;
  const pieces = function* () {
    let sent = 0;
    let i = 0;
    while (sent < total) {
      const n = Math.min(total - sent, 1000 + ((i++ * 7919) % 64_000));
      const offset = sent % (block.length - n);
      yield block.subarray(offset, offset + n);
      sent += n;
    }
  };
  const hash = createHash('sha256');
  for (const p of pieces()) hash.update(p);
  return { stream: () => Readable.from(pieces()), sha256: hash.digest('hex') };
}

const failingAfter = (bytes: number) =>
  Readable.from(
    (async function* () {
      yield Buffer.alloc(bytes, 7);
      throw new Error('the client went away');
    })(),
  );

export function blobDriverContract(name: string, open: () => Promise<OpenedDriver>): void {
  describe(`blob driver contract: ${name}`, () => {
    let opened: OpenedDriver;
    let driver: BlobDriver;
    before(async () => {
      opened = await open();
      driver = opened.driver;
    });
    after(() => opened?.close());

    test('put then get returns the same bytes', async () => {
      const key = newBlobKey();
      const data = randomBytes(300_001);
      await driver.put(key, Readable.from([data.subarray(0, 7), data.subarray(7, 200_000), data.subarray(200_000)]));
      assert.ok((await bytesOf(await driver.get(key))).equals(data));
    });

    test('ranges: from the start, across chunk boundaries, to the last byte, one byte', async () => {
      const key = newBlobKey();
      const data = randomBytes(300_001);
      await driver.put(key, Readable.from([data]));
      for (const [start, end] of [[0, 0], [0, 99], [65_530, 131_100], [299_000, 300_000], [300_000, 300_000], [123, 299_999]] as const) {
        const got = await bytesOf(await driver.get(key, { start, end }));
        assert.ok(got.equals(data.subarray(start, end + 1)), `range ${start}-${end}: ${got.length} bytes`);
      }
    });

    test('an empty blob is stored and read back empty, not missing', async () => {
      const key = newBlobKey();
      await driver.put(key, Readable.from([]));
      assert.equal((await bytesOf(await driver.get(key))).length, 0);
    });

    test('an unknown key is BlobNotFoundError; delete removes the bytes and is idempotent', async () => {
      await assert.rejects(driver.get(newBlobKey()), BlobNotFoundError);
      const key = newBlobKey();
      await driver.put(key, Readable.from([Buffer.from('bye')]));
      await driver.delete(key);
      await assert.rejects(driver.get(key), BlobNotFoundError);
      await driver.delete(key);
      await driver.delete(newBlobKey());
    });

    test('a source failing mid-way fails the put and leaves nothing under the key', async () => {
      const key = newBlobKey();
      await assert.rejects(driver.put(key, failingAfter(700_000)), /went away/);
      await assert.rejects(driver.get(key), BlobNotFoundError);
    });

    test('keys a client could have made are refused before anything is touched', async () => {
      for (const bad of ['../etc/passwd', '/tmp/x', 'a/b', '', 'A'.repeat(32), `${newBlobKey()}/..`]) {
        await assert.rejects(driver.put(bad, Readable.from([Buffer.from('x')])), TypeError);
        await assert.rejects(driver.get(bad), TypeError);
        await assert.rejects(driver.delete(bad), TypeError);
      }
    });

    test('20 MB streams through, concurrent puts stay apart, digests match', async () => {
      const a = generated(20 * 1024 * 1024, 1);
      const b = generated(3 * 1024 * 1024 + 5, 2);
      const [ka, kb] = [newBlobKey(), newBlobKey()];
      await Promise.all([driver.put(ka, a.stream()), driver.put(kb, b.stream())]);
      const digest = async (key: string) => {
        const hash = createHash('sha256');
        for await (const chunk of await driver.get(key)) hash.update(chunk);
        return hash.digest('hex');
      };
      assert.equal(await digest(ka), a.sha256);
      assert.equal(await digest(kb), b.sha256);
      await driver.delete(ka);
      await driver.delete(kb);
    });
  });
}
