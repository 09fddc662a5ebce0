import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvHeader, csvRows, jsonlRows, repeatedColumns } from '../../src/tasks/export-encoding.ts';

// The value rules of export files (docs/exports.md), value by value; the end-to-end tests read
// whole files back with Python.

test('CSV cells: formula starts get a leading quote, numbers and blobs do not', () => {
  for (const [value, cell] of [
    ['=1+2', "'=1+2"],
    ['+A1', "'+A1"],
    ['-2-3', "'-2-3"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['＝1', "'＝1"],
    ['-5', '-5'],
    ['+1.5e3', '+1.5e3'],
    [-5, '-5'],
    [-5n, '-5'],
    [Buffer.from([0xfb, 0xff]), '+/8='],
    [null, null],
    [new Date('2024-01-02T03:04:05.006Z'), '2024-01-02T03:04:05.006Z'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [{ a: 1n }, '{"a":"1"}'],
    [true, 'true'],
  ] as [unknown, string | null][]) {
    assert.equal(csvCell(value), cell, String(value));
  }
});

test('CSV records: CRLF between them, quoted where RFC 4180 says, NULL empty and "" quoted', () => {
  assert.equal(csvHeader(['id', 'a,b']), 'id,"a,b"\r\n');
  assert.equal(csvRows({ columns: ['a', 'b', 'c', 'd'], rows: [[null, '', 'x"y', 'l\nf'], [1, 'cr\r', 'ok', 'z']] }), ',"","x""y","l\nf"\r\n1,"cr\r",ok,z\r\n');
});

test('JSONL: one object per line in column order; blobs base64, big integers as strings', () => {
  const text = jsonlRows({ columns: ['__proto__', 'b', 'n'], rows: [[1, Buffer.from('hi'), 9007199254740993n], [null, null, 2]] });
  assert.equal(text, '{"__proto__":1,"b":"aGk=","n":"9007199254740993"}\n{"__proto__":null,"b":null,"n":2}\n');
  assert.deepEqual(repeatedColumns(['id', 'name', 'id', 'id']), ['id']);
});
