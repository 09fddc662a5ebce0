import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import { firstInvalidUtf8, JsonRefusal, parseStrictJson } from '../../src/api/strict-json.ts';

// The strict parser on its own: it agrees with JSON.parse on every text it accepts, and on
// garbage it fails only with a refusal or a SyntaxError.

const options = { maxDepth: 64 };
const parse = (text: string | Buffer) => parseStrictJson(typeof text === 'string' ? Buffer.from(text) : text, options);

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = rnd();
  if (depth > 4 || pick < 0.4) {
    const leaf = Math.floor(rnd() * 7);
    if (leaf === 0) return null;
    if (leaf === 1) return rnd() < 0.5;
    if (leaf === 2) return Math.floor(rnd() * 2 ** 53) * (rnd() < 0.5 ? -1 : 1);
    if (leaf === 3) {
      // Doubles JSON.stringify writes as integers past 2^53 are refused by design; skip those.
      const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 600 - 300);
      return Math.abs(v) >= 2 ** 53 && Math.abs(v) < 1e21 ? 0.5 : v;
    }
    if (leaf === 4) return 'a "quoted" \\ back/slash \n\t é 😀 \u0000 \u2028';
    if (leaf === 5) return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 0xd7ff)));
    return '';
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(rnd, depth + 1));
  const out: Record<string, unknown> = {};
  // Now and then past the 16 keys where duplicates are looked up in a Set instead of a list.
  const keys = Math.floor(rnd() < 0.1 ? rnd() * 40 : rnd() * 6);
  for (let k = 0; k < keys; k++) out[rnd() < 0.2 ? `k"\\/${k}` : `k${k}`] = randomValue(rnd, depth + 1);
  return out;
}

describe('parseStrictJson', () => {
  it('accepts exactly what JSON.parse gives back unchanged (random documents)', () => {
    const rnd = random(12345);
    for (let i = 0; i < 2000; i++) {
      const text = JSON.stringify(randomValue(rnd, 0));
      assert.deepEqual(parse(text), JSON.parse(text), text.slice(0, 200));
    }
  });

  it('fails on mutated text only with a refusal or a SyntaxError', () => {
    const rnd = random(777);
    const alphabet = ['{', '}', '[', ']', '"', '\\', ':', ',', '1', 'e', '-', '.', 'u', 'd', '8', 'x', ' '];
    for (let i = 0; i < 5000; i++) {
      const chars = [...JSON.stringify(randomValue(rnd, 0))];
      for (let m = 0; m < 3; m++) chars.splice(Math.floor(rnd() * (chars.length + 1)), rnd() < 0.5 ? 1 : 0, alphabet[Math.floor(rnd() * alphabet.length)]!);
      const text = chars.join('');
      try {
        parse(text);
      } catch (err) {
        assert.ok(err instanceof JsonRefusal || err instanceof SyntaxError, `${text.slice(0, 200)}: ${String(err)}`);
      }
    }
  });

  it('names the offending value with a JSON Pointer and an offset', () => {
    const cases: [string, string, number][] = [
      ['{"a":[0,{"b":1e999}]}', '/a/1/b', 13],
      ['{"a":1,"b":{"c":2,"c":3}}', '/b/c', 18],
      ['[["x","\\udc00"]]', '/0/1', 7],
      ['{"~/":9007199254740993}', '/~0~1', 6],
    ];
    for (const [text, pointer, position] of cases) {
      assert.throws(() => parse(text), (err) => err instanceof JsonRefusal && err.pointer === pointer && err.position === position, text);
    }
  });

  it('depth counts objects and arrays alike; the limit is configurable', () => {
    assert.deepEqual(parseStrictJson(Buffer.from('[[{"a":[]}]]'), { maxDepth: 4 }), [[{ a: [] }]]);
    assert.throws(() => parseStrictJson(Buffer.from('[[{"a":[[]]}]]'), { maxDepth: 4 }), /deeper than 4 levels/);
    // Brackets inside strings do not count.
    assert.deepEqual(parseStrictJson(Buffer.from('["[[[[[[", "{{{{{{"]'), { maxDepth: 1 }), ['[[[[[[', '{{{{{{']);
  });

  it('finds the first invalid UTF-8 byte where isUtf8 says there is one', () => {
    const rnd = random(99);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 8) }, () => (rnd() < 0.5 ? 0x80 + Math.floor(rnd() * 0x80) : Math.floor(rnd() * 256))));
      const at = firstInvalidUtf8(bytes);
      assert.equal(at === bytes.length, isUtf8(bytes), bytes.toString('hex'));
      if (at < bytes.length) assert.ok(isUtf8(bytes.subarray(0, at)), `${bytes.toString('hex')}: the bytes before ${at} are valid`);
    }
  });
});
