import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { TaskFiles } from '../engine/define-task.ts';
import type { RowProblem } from './import-rows.ts';

// The rejected-rows file of an import: CSV (csv-stringify, RFC 4180) with `line, field, reason, row`,
// `row` being the line as it was in the file. Made on the first rejected row, so an import without
// one has no file (`rejectedFile: null`). A cell starting with = + - @ or a tab/CR gets a leading `'`,
// so a spreadsheet opening the file shows text instead of running a formula (docs/imports.md).

export interface RejectedRows {
  add(row: { line: number; raw: string }, problem: RowProblem): Promise<void>;
  readonly count: number;
  /** Ends the file: its id, or null when no row was rejected. */
  finish(): Promise<string | null>;
  /** The attempt stops: the unfinished file is dropped (the attempt's files are removed anyway). */
  abandon(): void;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function createRejectedRows(files: TaskFiles, name: string): RejectedRows {
  let out: { id: string; csv: ReturnType<typeof stringify>; stored: Promise<void> } | null = null;
  let count = 0;
  const open = () => {
    const file = files.create({ name, contentType: 'text/csv; charset=utf-8' });
    const csv = stringify({ header: true, columns: ['line', 'field', 'reason', 'row'], cast: { string: guardCell } });
    const stored = pipeline(csv, file.stream as Writable);
    stored.catch(() => {});
    return { id: file.id, csv, stored };
  };
  return {
    get count() {
      return count;
    },
    async add(row, problem) {
      out ??= open();
      count++;
      if (!out.csv.write([String(row.line), problem.field ?? '', problem.reason, row.raw])) await once(out.csv, 'drain');
    },
    async finish() {
      if (!out) return null;
      out.csv.end();
      await out.stored;
      return out.id;
    },
    abandon() {
      out?.csv.destroy(new Error('the import stopped'));
    },
  };
}
