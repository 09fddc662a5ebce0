import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tenantApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// JSON bodies are taken as sent or refused: what JSON.parse would silently change (a number that
// overflows, an integer that loses precision, a duplicate key, invalid UTF-8, a lone surrogate)
// and nesting deeper than limits.jsonDepth are 400 malformed-request problems pointing at the
// offending value, before anything recursive runs. Nothing is stored.

const DEPTH = 12;

describe(onBackend('strict JSON bodies'), { skip: await backendSkip() }, () => {
  const api = tenantApi('acme', (c) => {
    c.limits.jsonDepth = DEPTH;
  });

  const post = (body: string | Buffer, url = '/v1/tasks', contentType = 'application/json') =>
    api.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body });

  /** A submission whose input is `inputJson` verbatim. */
  const submit = (inputJson: string) => `{"type":"echo","input":${inputJson}}`;

  const taskCount = async () => (await api.inject({ method: 'GET', url: '/v1/tasks?limit=500' })).json().items.length as number;

  function assertRefused(res: { statusCode: number; body: string; headers: Record<string, unknown> }, label: string, pointer?: string, detail?: RegExp) {
    assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, label);
    const body = JSON.parse(res.body);
    assert.equal(body.code, 'malformed-request', label);
    assert.equal(body.status, 400, label);
    if (pointer !== undefined) assert.equal(body.errors?.[0]?.pointer, pointer, `${label}: ${res.body}`);
    if (detail) assert.match(body.detail, detail, label);
    return body;
  }

  it('numbers that overflow to ±Infinity or underflow to 0 are refused', async () => {
    const before = await taskCount();
    for (const n of ['1e309', '-1e309', '1E400', '123456789e999', '1e-400']) {
      assertRefused(await post(submit(`{"n":${n}}`)), n, '/input/n', /cannot be stored as sent/);
    }
    assertRefused(await post(submit('[1, 2, 1e309]')), 'in an array', '/input/2');
    assert.equal(await taskCount(), before, 'nothing stored');
    const ok = await post(submit('{"a":1e308,"b":-2.5e-300,"c":0e5,"d":1.5E+3}'));
    assert.equal(ok.statusCode, 202, ok.body);
  });

  it('integers beyond ±(2^53 − 1) are refused, saying they would lose precision', async () => {
    for (const n of ['9007199254740992', '9007199254740993', '-9007199254740993', '123456789012345678901234567890']) {
      assertRefused(await post(submit(`{"big":${n}}`)), n, '/input/big', /2\^53.*precision/);
    }
    const ok = await post(submit('{"max":9007199254740991,"min":-9007199254740991,"f":1234567890123456.5}'));
    assert.equal(ok.statusCode, 202, ok.body);
    const got = await api.inject({ method: 'GET', url: `/v1/tasks/${ok.json().id}?include=input` });
    assert.deepEqual(got.json().input, { max: 9007199254740991, min: -9007199254740991, f: 1234567890123456.5 });
  });

  it('a duplicate key is refused at any level, also when spelled with escapes', async () => {
    const cases: [string, string, string][] = [
      ['top level', '{"type":"echo","type":"echo","input":{}}', '/type'],
      ['in input', submit('{"a":1,"b":2,"a":3}'), '/input/a'],
      ['deeper, in an array', submit('{"list":[{"x":1},{"y":1,"y":2}]}'), '/input/list/1/y'],
      ['escaped spelling', submit('{"a":1,"\\u0061":2}'), '/input/a'],
      ['many keys', submit(`{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')},"k17":0}`), '/input/k17'],
      ['pointer escaping', submit('{"a/b~c":1,"a/b~c":2}'), '/input/a~1b~0c'],
    ];
    for (const [label, body, pointer] of cases) assertRefused(await post(body), label, pointer, /duplicate/i);
    const ok = await post(submit('{"a":{"a":1},"b":[{"a":1},{"a":2}]}'));
    assert.equal(ok.statusCode, 202, 'the same key in different objects is fine');
  });

  it('invalid UTF-8 bytes are refused instead of being replaced', async () => {
    const around = (bytes: number[]) => Buffer.concat([Buffer.from(submit('{"s":"ab')), Buffer.from(bytes), Buffer.from('cd"}')]);
    const cases: [string, number[]][] = [
      ['a lone continuation byte', [0x80]],
      ['0xff', [0xff]],
      ['an overlong "/"', [0xc0, 0xaf]],
      ['a truncated sequence', [0xe2, 0x82]],
      ['an encoded surrogate', [0xed, 0xa0, 0x80]],
      ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ];
    for (const [label, bytes] of cases) {
      const body = assertRefused(await post(around(bytes)), label, undefined, /UTF-8/);
      assert.equal(body.position, Buffer.byteLength(submit('{"s":"ab')), `${label}: the byte offset`);
    }
    const ok = await post(Buffer.from(submit('{"s":"é 日本 😀"}')));
    assert.equal(ok.statusCode, 202, ok.body);
  });

  it('lone surrogate escapes are refused; escaped pairs are fine', async () => {
    for (const s of ['\\ud800', '\\uDC00', 'x\\ud83dy', '\\ud83d\\u0041', '\\ude00\\ud83d']) {
      assertRefused(await post(submit(`{"s":"${s}"}`)), s, '/input/s', /surrogate/);
    }
    assertRefused(await post(submit('{"\\ud800":1}')), 'in a key', '/input', /surrogate/);
    const ok = await post(submit('{"s":"\\ud83d\\ude00 \\\\ud800"}'));
    assert.equal(ok.statusCode, 202, ok.body);
    const got = await api.inject({ method: 'GET', url: `/v1/tasks/${ok.json().id}?include=input` });
    assert.equal(got.json().input.s, '😀 \\ud800');
  });

  it(`nesting deeper than limits.jsonDepth (${DEPTH} here) is refused before anything recursive runs`, async () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    // The body is level 1 and input level 2: input may nest DEPTH − 1 levels deep.
    assert.equal((await post(submit(nested(DEPTH - 1)))).statusCode, 202);
    assertRefused(await post(submit(nested(DEPTH))), 'one too deep', `/input${'/a'.repeat(DEPTH - 1)}`, /deeper than 12/);
    for (const levels of [5_000, 100_000]) {
      for (const inner of [nested(levels), arrays(levels)]) {
        assertRefused(await post(submit(inner)), `POST /v1/tasks, ${levels} levels`, undefined, /deeper than 12/);
        const bulk = `{"tasks":[${submit(inner)}]}`;
        assertRefused(await post(bulk, '/v1/tasks/bulk'), `bulk, ${levels} levels`, undefined, /deeper than 12/);
      }
    }
  });

  it('prototype poisoning stays refused', async () => {
    for (const body of [submit('{"__proto__":{"x":1}}'), submit('{"a":{"constructor":{"prototype":{"x":1}}}}'), '{"__proto__":1,"type":"echo","input":{}}',
      submit('{"\\u005f_proto__":1}')]) {
      assertRefused(await post(body), body);
    }
    const ok = await post(submit('{"constructor":1,"prototype":{"x":1}}'));
    assert.equal(ok.statusCode, 202, ok.body);
  });

  it('the same rules hold for application/*+json and a charset parameter', async () => {
    for (const type of ['application/vnd.offload+json', 'application/json; charset=utf-8', 'APPLICATION/JSON']) {
      assertRefused(await post('{"type":"echo","type":"echo","input":{}}', '/v1/tasks', type), type, '/type');
    }
  });

  it('empty and syntactically invalid bodies are 400 as before', async () => {
    assertRefused(await post(''), 'empty', undefined, /empty/);
    assertRefused(await post('{"type":'), 'truncated', undefined, /not valid JSON/);
    assertRefused(await post('{"type":"echo"} x'), 'trailing garbage', undefined, /not valid JSON/);
  });

  it('a route that does not exist answers 404 (or 405) before the body is looked at', async () => {
    for (const payload of ['{"broken', '{"a":1,"a":2}', '[1e309]', Buffer.from([0x7b, 0xff, 0x7d]), 'x'.repeat(2_000_000)]) {
      const res = await post(payload, '/v1/no-such-route');
      assert.equal(res.statusCode, 404, res.body.slice(0, 200));
      assert.equal(res.json().code, 'not-found');
    }
    const wrongMethod = await api.inject({ method: 'PATCH', url: '/v1/task-ids', headers: { 'content-type': 'application/json' }, payload: '{"broken' });
    assert.equal(wrongMethod.statusCode, 405, wrongMethod.body);
    assert.equal(wrongMethod.json().code, 'method-not-allowed');
  });
});
