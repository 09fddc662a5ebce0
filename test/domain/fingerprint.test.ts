import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, fingerprint } from '../../src/domain/fingerprint.ts';

describe('canonicalJson and fingerprint', () => {
  it('sort keys at every level and leave out undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: [3, { d: null, c: 'x' }], u: undefined }), '{"a":[3,{"c":"x","d":null}],"b":1}');
    assert.equal(canonicalJson([undefined, 'é"\\', true, -0.5, {}, []]), '[null,"é\\"\\\\",true,-0.5,{},[]]');
    assert.equal(canonicalJson('s'), '"s"');
    assert.equal(canonicalJson(null), 'null');
    assert.equal(fingerprint({ a: 1, b: 2 }), fingerprint({ b: 2, a: 1 }));
    assert.notEqual(fingerprint({ a: 1 }), fingerprint({ a: '1' }));
  });

  it('give the same text as JSON.stringify with sorted keys, for values from JSON', () => {
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    for (const v of [{ type: 'noop', input: {} }, { tasks: [{ z: 1, a: [1, 2, { y: [], x: {} }] }], atomic: true }, [[[]]], { b: 3, a: { d: 1, c: 2 } }]) {
      assert.equal(canonicalJson(v), JSON.stringify(sorted(v)));
    }
  });

  it('do not overflow the stack on deeply nested values (100,000 levels)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { a: deep } : [deep];
    const text = canonicalJson(deep);
    assert.equal(text.length, 50_000 * '[]'.length + 50_000 * '{"a":}'.length + 1);
    assert.match(fingerprint(deep), /^[\w-]{43}$/);
  });
});
