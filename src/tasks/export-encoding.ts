import { type Options, stringify } from 'csv-stringify/sync';
import type { RowBatch } from '../sources/source-database.ts';

// How rows of a configured database become the text of an export file (docs/exports.md):
// - CSV: RFC 4180 by csv-stringify (fields quoted when they hold a quote, comma, CR or LF; quotes
//   doubled; CRLF between records), a header row of the column names. NULL is an empty field.
//   Formula-injection safe: a text cell starting with = + - @ TAB or CR (or their full-width forms)
//   gets a leading `'`, so a spreadsheet shows it as text instead of running it; numbers, and text
//   that is a plain number such as -5, and the base64 of a blob are left alone.
// - JSONL: one JSON object per line, the column names as keys; NULL is null.
// - Both: dates ISO 8601, blobs base64, integers beyond 2^53 as strings (every digit kept), nested
//   values (PostgreSQL json, arrays) as JSON (inside a CSV cell: its JSON text).

export type ExportFormat = 'csv' | 'jsonl';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
};

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A scalar as JSON can say it: bigint → string, bytes → base64, Date → ISO 8601, ±Infinity/NaN → string. */
function jsonScalar(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** JSON.stringify calls toJSON (Buffer, Date) before a replacer; the holder still has the raw value. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  return jsonScalar(this[key] === undefined ? value : this[key]);
}

function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** One CSV cell's text before quoting; null for an empty field. */
export function csvCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Base64 of a blob is never prefixed: it may start with + or / but cannot spell a formula (no
  // parentheses, pipes or spaces), and a prefix would break its decoding.
  if (value instanceof Uint8Array) return jsonScalar(value) as string;
  const scalar = jsonScalar(value);
  if (typeof scalar === 'number' || typeof scalar === 'boolean') return String(scalar);
  const text = typeof scalar === 'string' ? scalar : toJson(scalar);
  if (text.length > 0 && FORMULA_START.has(text[0]!) && !PLAIN_NUMBER.test(text)) return `'${text}`;
  return text;
}

// csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone CR or LF, which
// RFC 4180 also wants quoted (readers split records at either); and the empty string is quoted
// ("") so it stays apart from NULL (an empty field).
const CSV_OPTIONS: Options = { record_delimiter: 'windows', quoted_match: [/^$/, /[\r\n]/] };

export function csvHeader(columns: string[]): string {
  return stringify([columns.map((c) => csvCell(c) ?? '')], CSV_OPTIONS);
}

export function csvRows(batch: RowBatch): string {
  if (batch.rows.length === 0) return '';
  return stringify(batch.rows.map((row) => row.map((v) => csvCell(v) ?? undefined)), CSV_OPTIONS);
}

export function jsonlRows(batch: RowBatch): string {
  let out = '';
  for (const row of batch.rows) {
    // No prototype: a column named __proto__ is a key like any other.
    const record: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < batch.columns.length; i++) record[batch.columns[i]!] = row[i] ?? null;
    out += `${toJson(record)}\n`;
  }
  return out;
}

/** Column names repeated in one query (`SELECT a.id, b.id`): a JSONL object and a CSV header need them distinct. */
export function repeatedColumns(columns: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(columns.filter((c) => seen.has(c) || !seen.add(c)))];
}
