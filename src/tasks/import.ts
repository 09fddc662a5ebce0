import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImportTargetConfig } from '../config/defaults.ts';
import { DEFAULT_CHUNK_ROWS, targetColumns } from '../config/import-targets.ts';
import { currentIdPattern } from '../domain/ids.ts';
import { defineTask, type InputProblem, PermanentFailure, type TaskContext, type TaskDefinition, TaskFileNotFoundError } from '../engine/define-task.ts';
import { createRejectedRows, type RejectedRows } from './import-rejects.ts';
import { FileFormatError, type ImportFormat, readRows, type SourceRow } from './import-rows.ts';
import { createRowValidator } from './import-validate.ts';
import { type ChunkOutcome, type ChunkRow, createChunkWriter, type TargetDatabase, TargetUnusableError } from './import-writer.ts';

// The `import` task type (seed 003 §6, docs/imports.md): rows of an uploaded CSV or JSONL file go
// into an operator-configured target (a table of a configured database, a JSON Schema per row), in
// three stages the task document shows as `progress.message` with `current/total` rows:
//   parse    — the file is read once: rows counted, a file that is not text refused before anything is written
//   validate — each row alone against the schema; refused rows go to the rejected-rows file
//   write    — the valid rows in chunked transactions, each chunk recorded in the target's ledger
// Each stage reads the file again from the file store (it is immutable), so memory stays flat
// whatever its size. Cancel stops between chunks: the chunks written stay (the result of a later
// POST /retry continues after them).

export interface ImportInput {
  file: string;
  target: string;
  format: ImportFormat;
  mode?: 'insert' | 'upsert';
}

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  /** The rejected-rows file (CSV: line, field, reason, row); null when every row landed. */
  rejectedFile: string | null;
}

export type OpenTarget = (database: string) => Promise<TargetDatabase & { close(): Promise<void> }>;

/** The type, for at least one configured target (builtins.ts registers it only then). */
export function importTask(options: { targets: Readonly<Record<string, ImportTargetConfig>>; openTarget: OpenTarget }): TaskDefinition<ImportInput, ImportResult> {
  const { targets, openTarget } = options;
  const names = Object.keys(targets);
  const keyed = names.filter((n) => (targets[n]!.key ?? []).length > 0);

  return defineTask<ImportInput, ImportResult>({
    type: 'import',
    description:
      'Imports the rows of an uploaded CSV or JSONL file (`file`) into a configured target (`target`: a table and a JSON Schema per row), inserting or upserting. Stages parse → validate → write show in progress.message; rows the schema or the database refuse go to a rejected-rows file with line, field and reason.',
    files: ['file'],
    input: {
      type: 'object',
      required: ['file', 'target', 'format'],
      additionalProperties: false,
      properties: {
        file: { type: 'string', pattern: `^${currentIdPattern('fil')}$`, description: 'The uploaded file (POST /v1/files).' },
        target: { type: 'string', enum: names, description: 'A configured import target.' },
        format: { type: 'string', enum: ['csv', 'jsonl'], description: 'csv: RFC 4180 with a header row naming the fields; jsonl: one JSON object per line.' },
        mode: { type: 'string', enum: ['insert', 'upsert'], default: 'insert', description: 'upsert updates the row with the same key (targets with a key).' },
      },
    },
    timeoutSeconds: 3600,
    check(input) {
      const problems: InputProblem[] = [];
      const target = targets[input.target];
      if (target && input.mode === 'upsert' && !(target.key ?? []).length) {
        problems.push({ pointer: '/mode', detail: `target "${input.target}" has no key, so it cannot upsert (targets with a key: ${keyed.join(', ') || 'none'})` });
      }
      return problems;
    },
    async run(input, ctx) {
      const target = targets[input.target];
      if (!target) throw new PermanentFailure(`no import target "${input.target}" is configured`);
      return runImport(input, target, ctx, openTarget);
    },
  });
}

async function runImport(input: ImportInput, target: ImportTargetConfig, ctx: TaskContext, openTarget: OpenTarget): Promise<ImportResult> {
  const columns = targetColumns(target);
  const fields = new Set(columns.keys());
  const key = target.key ?? [];
  const keyFields = key.map((column) => [...columns].find(([, c]) => c === column)![0]);
  const chunkRows = target.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const mode = input.mode ?? 'insert';
  let fileName = 'import';
  const open = async (): Promise<Readable> => {
    try {
      const file = await ctx.files.open(input.file);
      fileName = file.name;
      return file.stream;
    } catch (err) {
      if (err instanceof TaskFileNotFoundError) throw new PermanentFailure(`no file ${input.file} to import`);
      throw err;
    }
  };
  const rowsOf = async function* () {
    const stream = await open();
    try {
      yield* readRows(stream, input.format, fields);
    } catch (err) {
      if (err instanceof FileFormatError) throw new PermanentFailure(`the file cannot be imported as ${input.format}: ${err.message}`);
      throw err;
    } finally {
      stream.destroy();
    }
  };
  const step = (stage: 'parse' | 'validate' | 'write', current: number, total: number | undefined, base: number, span: number) =>
    ctx.progress({ message: stage, current, ...(total !== undefined ? { total } : {}), percent: Math.min(100, base + (total ? (span * current) / total : 0)) });

  // Every 1,000 rows each stage lets the event loop turn: with a SQLite file store and a SQLite
  // target every call here can be synchronous, and heartbeats, cancels and the API must still run.
  const pause = async () => {
    await nextTurn();
    ctx.signal.throwIfAborted();
  };
  let began = Date.now();
  const timed = (stage: string, rows: number) => {
    ctx.log.info('import stage done', { stage, rows, ms: Date.now() - began });
    began = Date.now();
  };

  // parse
  let total = 0;
  step('parse', 0, undefined, 0, 0);
  for await (const _row of rowsOf()) {
    total++;
    if (total % 1000 === 0) {
      await pause();
      step('parse', total, undefined, 0, 0);
    }
  }
  step('parse', total, total, 0, 5);
  timed('parse', total);

  // validate
  const rejects = createRejectedRows(ctx.files, `${fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'import'}-rejected.csv`);
  try {
    let seen = 0;
    const validate = createRowValidator({ schema: target.schema, format: input.format, keyFields });
    for await (const row of rowsOf()) {
      const verdict = validate(row);
      if (verdict.problem) await rejects.add(row, verdict.problem);
      if (++seen % 1000 === 0) {
        await pause();
        step('validate', seen, total, 5, 10);
      }
    }
    step('validate', seen, total, 5, 10);
    timed('validate', seen);

    // write
    const db = await openTarget(target.database);
    try {
      const result = await writeStage({ db, input, target, columns, key, mode, chunkRows, keyFields, total, ctx, rejects, rowsOf, step, pause });
      timed('write', total);
      const rejectedFile = await rejects.finish();
      ctx.progress({ message: 'done', current: total, total, percent: 100 });
      return { rows: total, ...result, rejected: rejects.count, rejectedFile };
    } finally {
      await db.close().catch(() => {});
    }
  } catch (err) {
    rejects.abandon();
    if (err instanceof TargetUnusableError) throw new PermanentFailure(`target "${input.target}": ${err.message}`);
    throw err;
  }
}

const NOTHING: ChunkOutcome = { rows: 0, inserted: 0, updated: 0, refused: [] };

async function writeStage(p: {
  db: TargetDatabase;
  input: ImportInput;
  target: ImportTargetConfig;
  columns: Map<string, string>;
  key: string[];
  keyFields: string[];
  mode: 'insert' | 'upsert';
  chunkRows: number;
  total: number;
  ctx: TaskContext;
  rejects: RejectedRows;
  rowsOf: () => AsyncGenerator<SourceRow>;
  step: (stage: 'write', current: number, total: number, base: number, span: number) => void;
  pause: () => Promise<void>;
}): Promise<{ inserted: number; updated: number }> {
  const { ctx, rejects } = p;
  const writer = createChunkWriter({ db: p.db, taskId: ctx.taskId, table: p.target.table, columns: p.columns, key: p.key, mode: p.mode });
  const ledger = await writer.prepare();
  const validate = createRowValidator({ schema: p.target.schema, format: p.input.format, keyFields: p.keyFields });
  let inserted = 0;
  let updated = 0;
  let index = 0;
  let chunk: ChunkRow[] = [];
  let raws = new Map<number, string>();

  const flush = async (chunkNo: number) => {
    // Cancel stops here, between chunks: what was committed stays, with its ledger rows.
    ctx.signal.throwIfAborted();
    const done: ChunkOutcome = ledger.get(chunkNo) ?? (chunk.length > 0 ? await writer.write(chunkNo, chunk) : NOTHING);
    inserted += done.inserted;
    updated += done.updated;
    for (const refused of done.refused) await rejects.add({ line: refused.line, raw: raws.get(refused.line) ?? '' }, refused);
    chunk = [];
    raws = new Map();
    p.step('write', index, p.total, 15, 85);
  };

  for await (const row of p.rowsOf()) {
    const chunkNo = Math.floor(index / p.chunkRows);
    index++;
    if (index % 1000 === 0) await p.pause();
    const verdict = validate(row);
    if (verdict.values) {
      chunk.push({ line: row.line, values: verdict.values });
      raws.set(row.line, row.raw);
    }
    if (index % p.chunkRows === 0) await flush(chunkNo);
  }
  if (index % p.chunkRows !== 0) await flush(Math.floor((index - 1) / p.chunkRows));
  return { inserted, updated };
}
