import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeListCursor, encodeListCursor, isListCursor } from '../../src/store/list-cursor.ts';

describe('list cursor', () => {
  it('round-trips every seq a store can hand out', () => {
    for (const seq of [0, 1, 9, 10, 123_456_789, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      const cursor = encodeListCursor(seq);
      assert.match(cursor, /^[A-Za-z0-9_-]+$/, 'URL-safe, unpadded');
      assert.ok(isListCursor(cursor));
      assert.equal(decodeListCursor(cursor), seq);
    }
  });

  it('refuses to encode a seq it could not decode exactly', () => {
    for (const seq of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      assert.throws(() => encodeListCursor(seq), RangeError, String(seq));
    }
  });

  it('rejects forged, truncated, padded and oversized cursors with RangeError', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const real = encodeListCursor(123_456);
    // `seq:1` is 5 bytes: its last character carries 2 bits that decoding ignores.
    const short = encodeListCursor(1);
    assert.equal(short, 'c2VxOjE');
    const rejected = [
      '',
      'garbage',
      '%%%',
      b64('seq:'),
      b64('seq:abc'),
      b64('seq:-1'),
      b64('seq:1.5'),
      b64('seq:1;drop'),
      b64(' seq:1'),
      b64('seq:1\n'),
      b64('SEQ:1'),
      b64('seq:01'), // leading zero: never issued
      b64('seq:9007199254740992'), // past Number.MAX_SAFE_INTEGER: would be rounded
      b64('seq:99999999999999999'),
      // Truncated (the format is not signed: a cut that happens to spell a smaller seq is a valid cursor).
      real.slice(0, -1),
      real.slice(0, 5),
      `${real}=`, // padded
      `${real}A`, // trailing junk
      `${real.slice(0, 2)}.${real.slice(2)}`, // a character Buffer's decoder would skip
      'c2VxOjF', // `short` with a stray low bit set: decodes to seq:1 all the same
      real.replace(/./g, (c) => c.toUpperCase()),
      'a'.repeat(600),
      real.repeat(40),
    ];
    for (const cursor of rejected) {
      assert.throws(() => decodeListCursor(cursor), RangeError, JSON.stringify(cursor.slice(0, 40)));
      assert.equal(isListCursor(cursor), false, JSON.stringify(cursor.slice(0, 40)));
    }
  });
});
