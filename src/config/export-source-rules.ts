import { readQueryProblem, scanSql } from '../domain/sql-text.ts';
import type { Config } from './defaults.ts';

// The rules of `exports.sources` the schema cannot say: a source names a configured database, its
// queries are one SELECT each (as far as the text shows: the read-only connection refuses the
// rest), and its `:name` parameters are exactly the declared `params`. Checked at start, so a
// mistake is a line naming the source, not a failed export later.

type Sources = ReadonlyMap<string, string>;

export function exportSourceProblems(config: Config, sources: Sources, wrong: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (wrong.has('exports.sources') || wrong.has('databases')) return problems;
  const databases = Object.keys(config.databases);
  for (const [name, source] of Object.entries(config.exports.sources)) {
    const path = `exports.sources.${name}`;
    if ([...wrong].some((field) => field.startsWith(`${path}.`) || field === path)) continue;
    const from = `(${origin(sources, path)})`;
    if (!Object.hasOwn(config.databases, source.database)) {
      const known = databases.length > 0 ? `one of databases: ${databases.join(', ')}` : 'a database of databases, and none is configured';
      problems.push(`${path}.database ${JSON.stringify(source.database)} must name ${known} ${from}`);
    }
    const declared = new Set(Object.keys(source.params ?? {}));
    const used = new Set<string>();
    for (const field of ['query', 'countQuery'] as const) {
      const text = source[field];
      if (text === undefined) continue;
      const problem = readQueryProblem(text);
      if (problem) problems.push(`${path}.${field} ${problem} ${from}`);
      for (const { name: param } of scanSql(text).parameters) {
        used.add(param);
        if (!declared.has(param)) problems.push(`${path}.${field} uses :${param}, which ${path}.params does not declare ${from}`);
      }
    }
    for (const [param, schema] of Object.entries(source.params ?? {})) {
      if (!used.has(param)) problems.push(`${path}.params.${param} is not used by the query (no :${param}) ${from}`);
      if ('optional' in schema && typeof schema.optional !== 'boolean') problems.push(`${path}.params.${param}.optional must be true or false ${from}`);
    }
  }
  return problems;
}

function origin(sources: Sources, field: string): string {
  for (let f = field; f; f = f.slice(0, Math.max(0, f.lastIndexOf('.')))) {
    const source = sources.get(f);
    if (source) return source;
  }
  return 'default';
}
