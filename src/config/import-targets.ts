import AjvModule from 'ajv';
import type { Config } from './defaults.ts';

// The checks of `imports.targets` at start, one line per problem naming the bad value's path: names
// that reach SQL are identifiers (they are quoted as well, docs/imports.md), the row schema compiles,
// the key's columns are fields the schema requires, the database is one of `databases`.

// ajv is CommonJS; under nodenext its default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;

type Sources = ReadonlyMap<string, string>;

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** One SQL identifier: letters, digits, `_`, not starting with a digit; at most 63 (PostgreSQL's limit). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const TABLE = /^(?:[A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const TARGET_KEYS = new Set(['database', 'table', 'key', 'schema', 'chunkRows', 'columns']);
export const MAX_CHUNK_ROWS = 100_000;
export const DEFAULT_CHUNK_ROWS = 1000;

/** The field → column map of a target: every schema property, renamed where `columns` says. */
export function targetColumns(target: { schema: Record<string, unknown>; columns?: Record<string, string> }): Map<string, string> {
  const properties = (target.schema.properties ?? {}) as Record<string, unknown>;
  return new Map(Object.keys(properties).map((field) => [field, target.columns?.[field] ?? field]));
}

export function importTargetProblems(config: Config, sources: Sources, wrong: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const targets = config.imports.targets as unknown;
  if (targets === null || typeof targets !== 'object' || Array.isArray(targets)) return problems;
  const databases: Readonly<Record<string, unknown>> = config.databases ?? {};
  const ajv = new Ajv({ allErrors: true, strict: false });
  const source = (path: string) => {
    for (let p = path; p; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) if (sources.has(p)) return sources.get(p)!;
    return 'default';
  };
  for (const [name, raw] of Object.entries(targets as Record<string, unknown>)) {
    const at = `imports.targets.${name}`;
    const bad = (field: string, rule: string, value: unknown) =>
      problems.push(`${at}${field ? `.${field}` : ''} must be ${rule}, got ${JSON.stringify(value)} (${source(at)})`);
    if (!TARGET_NAME.test(name)) bad('', 'named with letters, digits, . _ - (at most 64)', name);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      bad('', 'an object { database, table, schema, key?, chunkRows?, columns? }', raw);
      continue;
    }
    const t = raw as Record<string, unknown>;
    for (const key of Object.keys(t)) {
      if (!TARGET_KEYS.has(key)) problems.push(`${source(at)}: unknown field "${at}.${key}" (a target has ${[...TARGET_KEYS].join(', ')})`);
    }
    // `databases` itself wrong: said once, by its own line.
    if (!wrong.has('databases') && (typeof t.database !== 'string' || !Object.hasOwn(databases, t.database))) {
      const known = Object.keys(databases);
      bad('database', `a name in databases (${known.length ? known.join(', ') : 'none is configured'})`, t.database);
    }
    if (typeof t.table !== 'string' || !TABLE.test(t.table)) bad('table', 'a table name (letters, digits, _; optionally schema.table)', t.table);
    if (t.chunkRows !== undefined && !(Number.isInteger(t.chunkRows) && (t.chunkRows as number) >= 1 && (t.chunkRows as number) <= MAX_CHUNK_ROWS)) {
      bad('chunkRows', `a positive integer, at most ${MAX_CHUNK_ROWS}`, t.chunkRows);
    }
    const schema = t.schema;
    const properties = (schema as { properties?: unknown } | null)?.properties;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || properties === null || typeof properties !== 'object' || Array.isArray(properties) || Object.keys(properties as object).length === 0) {
      bad('schema', 'a JSON Schema object with the row’s fields in `properties`', schema);
      continue;
    }
    try {
      ajv.compile(schema as object);
    } catch (err) {
      bad('schema', `a JSON Schema that compiles (${(err as Error).message})`, schema);
      continue;
    }
    if (t.columns !== undefined) {
      if (t.columns === null || typeof t.columns !== 'object' || Array.isArray(t.columns)) bad('columns', 'an object of field → column', t.columns);
      else {
        for (const [field, column] of Object.entries(t.columns as Record<string, unknown>)) {
          if (!Object.hasOwn(properties, field)) bad(`columns.${field}`, 'a field of the schema’s properties', field);
          if (typeof column !== 'string' || !IDENTIFIER.test(column)) bad(`columns.${field}`, 'a column name (letters, digits, _)', column);
        }
      }
    }
    const columns = targetColumns({ schema: schema as Record<string, unknown>, columns: typeof t.columns === 'object' ? (t.columns as Record<string, string>) : undefined });
    for (const [field, column] of columns) {
      if (t.columns && Object.hasOwn(t.columns, field)) continue;
      if (!IDENTIFIER.test(column)) bad(`schema.properties.${field}`, 'named as a column (letters, digits, _), or renamed in columns', field);
    }
    if (t.key !== undefined) {
      const required = new Set(((schema as { required?: unknown }).required as string[] | undefined) ?? []);
      const byColumn = new Map([...columns].map(([field, column]) => [column, field]));
      if (!Array.isArray(t.key) || t.key.length === 0) bad('key', 'a non-empty list of columns', t.key);
      else {
        t.key.forEach((column, i) => {
          const field = typeof column === 'string' ? byColumn.get(column) : undefined;
          if (field === undefined) bad(`key.${i}`, `a column of the schema (${[...byColumn.keys()].join(', ')})`, column);
          else if (!required.has(field)) bad(`key.${i}`, `a column whose field (${field}) the schema requires`, column);
        });
      }
    }
  }
  return problems;
}
