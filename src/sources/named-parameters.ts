import { scanSql } from '../domain/sql-text.ts';
import type { SourceDialect } from './source-database.ts';
import { SourceQueryError } from './source-errors.ts';

// Configured queries name their parameters (`WHERE created_at >= :since`); each dialect wants
// numbered placeholders: `?1` for SQLite, `$1` for PostgreSQL. One name used twice is one
// placeholder. A name without a value is refused here, before the database sees the query.

export interface BoundQuery {
  sql: string;
  values: unknown[];
}

export function bindParameters(sql: string, params: Readonly<Record<string, unknown>>, dialect: SourceDialect): BoundQuery {
  const { parameters } = scanSql(sql);
  const index = new Map<string, number>();
  const values: unknown[] = [];
  let out = '';
  let at = 0;
  for (const parameter of parameters) {
    if (!Object.hasOwn(params, parameter.name) || params[parameter.name] === undefined) {
      throw new SourceQueryError(`the query uses :${parameter.name}, which has no value`);
    }
    let n = index.get(parameter.name);
    if (n === undefined) {
      values.push(params[parameter.name]);
      n = values.length;
      index.set(parameter.name, n);
    }
    out += sql.slice(at, parameter.start) + (dialect === 'postgres' ? `$${n}` : `?${n}`);
    at = parameter.end;
  }
  return { sql: out + sql.slice(at), values };
}

/** The distinct `:name` parameters of a query, in order of first use. */
export function parameterNames(sql: string): string[] {
  return [...new Set(scanSql(sql).parameters.map((p) => p.name))];
}
