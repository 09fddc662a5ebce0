import type { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';

// The parse stage of `import` (docs/imports.md): the bytes of an uploaded file become rows, each with
// the line it starts on and its raw text. CSV goes through csv-parse (RFC 4180; the header row names
// the fields), JSONL through a line splitter and JSON.parse. A line that cannot be read is a row with
// a problem, not a failure: only a file that is not text at all, or a CSV header that names no
// field of the target, fails the import (FileFormatError).

export type ImportFormat = 'csv' | 'jsonl';

export interface RowProblem {
  /** The field at fault, null when the whole line is. */
  field: string | null;
  reason: string;
}

export interface SourceRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The row as it is in the file, without its line break. */
  raw: string;
  /** Field → value (CSV: strings; an empty CSV field is absent). Null when `problem` says why not. */
  values: Record<string, unknown> | null;
  problem: RowProblem | null;
}

/** The file cannot be imported at all: not text, or a header that does not fit the target. */
export class FileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileFormatError';
  }
}

/** Longest row read (a line of JSONL, a record of CSV): larger ones are refused rows, never buffered further. */
export const MAX_ROW_BYTES = 1024 * 1024;

export function readRows(stream: Readable, format: ImportFormat, fields: ReadonlySet<string>): AsyncGenerator<SourceRow> {
  const text = textOnly(stream);
  return format === 'csv' ? csvRows(text, fields) : jsonlRows(text, fields);
}

/** Refuses bytes that are not UTF-8 text (an image, a zip) before they become rows. */
async function* textOnly(stream: Readable): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new FileFormatError(`not a text file: a NUL byte at offset ${offset + nul}`);
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      throw new FileFormatError(`not a UTF-8 text file (an invalid byte sequence near offset ${offset})`);
    }
    offset += bytes.length;
    yield bytes;
  }
  try {
    decoder.decode();
  } catch {
    throw new FileFormatError('not a UTF-8 text file (it ends inside a character)');
  }
}

/** A record's raw text without its record delimiter (csv-parse leaves `\n`, `\r\n` or, for CRLF files, `\r`). */
const trimBreak = (raw: string) => raw.replace(/\r?\n$|\r$/, '');

async function* csvRows(source: AsyncIterable<Buffer>, fields: ReadonlySet<string>): AsyncGenerator<SourceRow> {
  // Records csv-parse could not read are reported through on_skip, in file order but ahead of the
  // records still buffered: they are merged back by line.
  const skipped: SourceRow[] = [];
  // csv-parse's line count (`info.lines`, the line a record ends on) counts a CRLF inside a quoted
  // field twice; `place` takes that back, in parser order (on_record and on_skip run as it parses),
  // and gives the line the record starts on.
  let drift = 0;
  const place = (endLine: number, raw: string) => {
    const text = trimBreak(raw);
    drift += countOf(text, '\r\n');
    return { line: endLine - drift - countOf(text, '\n'), raw: text };
  };
  const options = {
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_ROW_BYTES,
    // With `raw` and `info` a record reaches on_record as { record, raw, info }; what it returns is
    // what the stream gives (its typings do not say so, hence the casts).
    on_record: ((item: { record: string[]; raw: string; info: { lines: number } }) => ({ record: item.record, ...place(item.info.lines, item.raw) })) as unknown as Options['on_record'],
    on_skip: (err: Error | undefined, raw: string | undefined) => {
      const e = err as Error & { lines?: number };
      skipped.push({ ...place(e.lines ?? 0, raw ?? ''), values: null, problem: { field: null, reason: `unparseable line: ${e.message}` } });
    },
  } satisfies Options;
  const parser = parse(options);
  const feeding = (async () => {
    try {
      for await (const chunk of source) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; line: number }>) {
      const { raw, line } = item;
      while (skipped.length > 0 && skipped[0]!.line < line) yield skipped.shift()!;
      if (header === null) {
        header = checkHeader(item.record, fields);
        continue;
      }
      if (item.record.length !== header.length) {
        const reason = `unparseable line: ${item.record.length} fields, the header has ${header.length}`;
        yield { line, raw, values: null, problem: { field: null, reason } };
        continue;
      }
      const values: Record<string, unknown> = {};
      // An empty field is no value: a nullable column gets NULL, a required field is missing.
      header.forEach((field, i) => {
        if (item.record[i] !== '') values[field] = item.record[i];
      });
      yield { line, raw, values, problem: null };
    }
  } finally {
    await feeding;
  }
  yield* skipped;
}

function checkHeader(record: string[], fields: ReadonlySet<string>): string[] {
  const names = record.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (!fields.has(name)) {
      throw new FileFormatError(`the header's column ${JSON.stringify(name)} is not a field of the target (fields: ${[...fields].join(', ')})`);
    }
    if (seen.has(name)) throw new FileFormatError(`the header names ${JSON.stringify(name)} twice`);
    seen.add(name);
  }
  return names;
}

function countOf(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

async function* jsonlRows(source: AsyncIterable<Buffer>, fields: ReadonlySet<string>): AsyncGenerator<SourceRow> {
  for await (const { line, text, tooLong } of lines(source)) {
    if (tooLong) {
      yield { line, raw: text, values: null, problem: { field: null, reason: `unparseable line: longer than ${MAX_ROW_BYTES} bytes` } };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, raw: text, values: null, problem: { field: null, reason: `malformed JSON: ${(err as Error).message}` } };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, raw: text, values: null, problem: { field: null, reason: 'malformed row: a line must be one JSON object' } };
      continue;
    }
    const unknown = Object.keys(value).find((key) => !fields.has(key));
    if (unknown !== undefined) {
      yield { line, raw: text, values: null, problem: { field: unknown, reason: 'unknown column: not a field of the target' } };
      continue;
    }
    yield { line, raw: text, values: value as Record<string, unknown>, problem: null };
  }
}

/** Lines of a byte stream (`\n` or `\r\n`); a line over MAX_ROW_BYTES is cut and flagged, not held. */
async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 1;
  const take = () => {
    if (size > MAX_ROW_BYTES) tooLong = true;
    const text = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    const out = { line, text: tooLong ? `${text.slice(0, 200)}…` : text, tooLong };
    parts = [];
    size = 0;
    tooLong = false;
    line++;
    return out;
  };
  for await (const chunk of source) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (!tooLong) parts.push(chunk.subarray(start, nl));
      size += nl - start;
      yield take();
      start = nl + 1;
    }
    if (start < chunk.length && !tooLong) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > MAX_ROW_BYTES) tooLong = true;
    }
  }
  if (size > 0 || tooLong) yield take();
}
