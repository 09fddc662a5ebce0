import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config, ExportSourceConfig } from '../config/defaults.ts';
import { withoutFinalSemicolon } from '../domain/sql-text.ts';
import { defineTask, PermanentFailure, type TaskContext, type TaskDefinition } from '../engine/define-task.ts';
import { openConfiguredDatabase } from '../sources/open-database.ts';
import type { SourceDatabase, SourceParams } from '../sources/source-database.ts';
import { SourceQueryError } from '../sources/source-errors.ts';
import { CONTENT_TYPES, csvHeader, csvRows, type ExportFormat, jsonlRows, repeatedColumns } from './export-encoding.ts';

// The `export` type (seed 003 §1–3, docs/exports.md): rows of an operator-configured source (a named
// read-only query of a configured database, `exports.sources`) stream from the database's cursor
// into a CSV or JSONL file of the task, batch by batch with backpressure, so memory stays constant.
// Progress is { current, total } from a count query. The result is `{ file, rows, format }`, so
// `/result` answers 303 to the file's signed link. Finished exports are kept
// `exports.retentionSeconds` (seed 003 keeps the status 30 minutes), then go with their file.
// Registered only when at least one source is configured.

export interface ExportInput {
  source: string;
  format: ExportFormat;
  params?: Record<string, unknown>;
  /** The file's name; default `<source>-<UTC date and time>.<format>`. */
  name?: string;
}

export interface ExportResult {
  file: string;
  rows: number;
  format: ExportFormat;
}

const NAME_PATTERN = '^(?!\\.+$)[^/\\\\\\u0000-\\u001f\\u007f]{1,200}$';

export type ExportOptions = Pick<Config, 'databases' | 'exports'>;

/** Each source's `params` as one JSON Schema object: required unless a default or `optional: true`. */
function paramsSchema(source: ExportSourceConfig): { schema: Record<string, unknown>; required: string[] } {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, declared] of Object.entries(source.params ?? {})) {
    const { optional, ...schema } = declared;
    properties[name] = schema;
    if (optional !== true && !('default' in schema)) required.push(name);
  }
  return { schema: { type: 'object', additionalProperties: false, properties, required }, required };
}

function inputSchema(sources: Record<string, ExportSourceConfig>): Record<string, unknown> {
  const names = Object.keys(sources);
  const listing = names.map((n) => (sources[n]!.description ? `\`${n}\` (${sources[n]!.description})` : `\`${n}\``)).join(', ');
  return {
    type: 'object',
    required: ['source', 'format'],
    additionalProperties: false,
    properties: {
      source: { type: 'string', enum: names, description: `A configured source: ${listing}.` },
      format: { type: 'string', enum: ['csv', 'jsonl'], description: 'csv: RFC 4180 with a header row, formula-injection safe; jsonl: one JSON object per line.' },
      params: { type: 'object', description: "The source's parameters (see each source's schema below)." },
      name: { type: 'string', pattern: NAME_PATTERN, description: 'The file name (default `<source>-<date>.<format>`).' },
    },
    // One branch per source: its own parameters, checked at submit.
    allOf: names.map((name) => {
      const { schema, required } = paramsSchema(sources[name]!);
      return {
        if: { required: ['source'], properties: { source: { const: name } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited.
        then: { properties: { params: schema }, ...(required.length > 0 ? { required: ['params'] } : {}) },
      };
    }),
  };
}

/** The values bound to the query: given ones, else the declared default, else null (optional). */
function paramValues(source: ExportSourceConfig, given: Record<string, unknown> = {}): SourceParams {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(source.params ?? {})) {
    values[name] = Object.hasOwn(given, name) ? given[name] : 'default' in schema ? schema.default : null;
  }
  return values;
}

function defaultName(source: string, format: ExportFormat, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${source}-${stamp}.${format}`;
}

export function exportTask(options: ExportOptions, cwd?: string): TaskDefinition<ExportInput, ExportResult> {
  const { sources, batchRows, retentionSeconds } = options.exports;
  return defineTask<ExportInput, ExportResult>({
    type: 'export',
    description:
      'Exports the rows of a configured source (a named read-only query) to a CSV or JSONL file, streamed in constant memory. Progress is { current, total } rows; the result is { file, rows, format } and `/result` redirects to the file. Kept `exports.retentionSeconds` after it finishes.',
    input: inputSchema(sources),
    timeoutSeconds: 3600,
    retentionSeconds,
    async run(input, ctx) {
      const source = sources[input.source];
      if (!source) throw new PermanentFailure(`no export source "${input.source}" is configured`);
      const params = paramValues(source, input.params);
      const db = await openConfiguredDatabase(options.databases, source.database, { cwd });
      try {
        return await exportRows({ db, source, params, input, batchRows, ctx });
      } catch (err) {
        if (err instanceof SourceQueryError) throw new PermanentFailure(`source "${input.source}": ${err.message}`);
        throw err;
      } finally {
        await db.close();
      }
    },
  });
}

async function exportRows(args: {
  db: SourceDatabase;
  source: ExportSourceConfig;
  params: SourceParams;
  input: ExportInput;
  batchRows: number;
  ctx: TaskContext;
}): Promise<ExportResult> {
  const { db, source, params, input, batchRows, ctx } = args;
  const query = withoutFinalSemicolon(source.query);
  ctx.progress({ current: 0, message: 'counting rows' });
  const total = await db.count(source.countQuery ?? `SELECT count(*) FROM (${query}) AS export_rows`, params);
  ctx.signal.throwIfAborted();
  ctx.progress({ current: 0, total, percent: total === 0 ? 100 : 0, message: 'exporting' });

  let rows = 0;
  const encode = input.format === 'csv' ? csvRows : jsonlRows;
  async function* text(): AsyncGenerator<string> {
    let first = true;
    for await (const batch of db.read(query, params, { batchRows })) {
      if (first) {
        first = false;
        const repeated = repeatedColumns(batch.columns);
        if (repeated.length > 0) throw new PermanentFailure(`the query gives these column names more than once: ${repeated.join(', ')} (name them apart with AS)`);
        if (input.format === 'csv') yield csvHeader(batch.columns);
      }
      if (batch.rows.length === 0) continue;
      yield encode(batch);
      rows += batch.rows.length;
      const seen = Math.max(total, rows);
      ctx.progress({ current: rows, total: seen, percent: Math.floor((rows / seen) * 100) });
      // Cancel, destroy or timeout: stop between batches (pipeline then ends the read).
      ctx.signal.throwIfAborted();
    }
  }

  const target = ctx.files.create({ name: input.name ?? defaultName(input.source, input.format, new Date()), contentType: CONTENT_TYPES[input.format] });
  await pipeline(Readable.from(text(), { objectMode: false }), target.stream, { signal: ctx.signal });
  ctx.progress({ current: rows, total: rows, percent: 100, message: 'done' });
  return { file: target.id, rows, format: input.format };
}
