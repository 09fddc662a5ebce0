import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { FileFormatError, MAX_ROW_BYTES, readRows, type SourceRow } from '../../src/tasks/import-rows.ts';
import { createRowValidator } from '../../src/tasks/import-validate.ts';

// The parse and validate stages of `import` on their own: line numbers across quoted line breaks,
// CRLF and a BOM, unreadable records as rows (never a stop), files that are not text, and the
// problems validation names.

const FIELDS = new Set(['id', 'name', 'n']);
const rows = async (text: string | Buffer, format: 'csv' | 'jsonl', chunk = 7): Promise<SourceRow[]> => {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: SourceRow[] = [];
  for await (const row of readRows(Readable.from(parts), format, FIELDS)) out.push(row);
  return out;
};

test('CSV: the header names the fields; lines count physical lines across quoted breaks, CRLF and a BOM', async () => {
  const got = await rows('\uFEFFid,name,n\r\n1,"two\r\nlines",3\r\n\r\n2,"a ""q"", b",\r\n3,x,1,extra\r\n4,x"y,5\r\n5,é,6', 'csv');
  assert.deepEqual(
    got.map((r) => [r.line, r.values, r.problem?.reason.slice(0, 40) ?? null]),
    [
      [2, { id: '1', name: 'two\r\nlines', n: '3' }, null],
      [5, { id: '2', name: 'a "q", b' }, null],
      [6, null, 'unparseable line: 4 fields, the header h'],
      [7, null, 'unparseable line: Invalid Opening Quote:'],
      [8, { id: '5', name: 'é' , n: '6' }, null],
    ],
  );
  assert.equal(got[0]!.raw, '1,"two\r\nlines",3');
});

test('CSV: a header column that is not a field, or a file that is not text, is a FileFormatError', async () => {
  await assert.rejects(rows('id,nope\n1,2\n', 'csv'), (err) => err instanceof FileFormatError && /"nope" is not a field/.test(err.message));
  await assert.rejects(rows('id,id\n1,2\n', 'csv'), (err) => err instanceof FileFormatError && /twice/.test(err.message));
  await assert.rejects(rows(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), 'csv'), /not a UTF-8 text file/);
  await assert.rejects(rows(Buffer.from([0x69, 0x64, 0x0a, 0xc3, 0x28]), 'jsonl'), /not a UTF-8 text file/);
  assert.deepEqual(await rows('', 'csv'), []);
});

test('JSONL: malformed lines, non-objects, unknown keys and over-long lines are rows with a problem; blank lines are skipped', async () => {
  const long = `{"name":"${'x'.repeat(MAX_ROW_BYTES)}"}`;
  const got = await rows(`{"id":1}\n\n{"id":2,\n[1]\n{"id":3,"zz":1}\r\n${long}\n{"id":4}`, 'jsonl', 64 * 1024);
  assert.deepEqual(
    got.map((r) => [r.line, r.values, r.problem?.field ?? null, r.problem?.reason.split(':')[0] ?? null]),
    [
      [1, { id: 1 }, null, null],
      [3, null, null, 'malformed JSON'],
      [4, null, null, 'malformed row'],
      [5, null, 'zz', 'unknown column'],
      [6, null, null, 'unparseable line'],
      [7, { id: 4 }, null, null],
    ],
  );
  assert.ok(got[4]!.raw.length < 300, 'an over-long line is cut in the report');
});

test('validation: CSV strings are coerced, JSONL values are not; each problem names its field; duplicate keys refer to the first line', async () => {
  const schema = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string', maxLength: 3 }, n: { type: 'boolean' } } };
  const csv = createRowValidator({ schema, format: 'csv', keyFields: ['id'] });
  const row = (line: number, values: Record<string, unknown>): SourceRow => ({ line, raw: '', values, problem: null });
  assert.deepEqual(csv(row(2, { id: '7', name: 'abc', n: 'true' })), { values: { id: 7, name: 'abc', n: true }, problem: null });
  assert.deepEqual(csv(row(3, { id: 'x', name: 'abc' })).problem, { field: 'id', reason: 'wrong type: must be integer' });
  assert.deepEqual(csv(row(4, { id: '8' })).problem, { field: 'name', reason: 'missing required field' });
  assert.deepEqual(csv(row(5, { id: '9', name: 'abcd' })).problem, { field: 'name', reason: 'too long: more than 3 characters' });
  assert.deepEqual(csv(row(6, { id: '7', name: 'dup' })).problem, { field: 'id', reason: 'duplicate key: the same key as line 2' });
  const jsonl = createRowValidator({ schema, format: 'jsonl', keyFields: [] });
  assert.deepEqual(jsonl(row(1, { id: '7', name: 'abc' })).problem, { field: 'id', reason: 'wrong type: must be integer' });
  assert.deepEqual(jsonl(row(2, { id: 7, name: 'abc' })).problem, null);
});
