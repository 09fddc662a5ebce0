// A lexical look at an SQL text, enough for two things and no more: where its `:name` parameters
// are, and whether it is one statement starting with a given word. It skips what may hold a colon
// or a semicolon that means nothing: '…' strings (with '' inside, and E'…' with backslash escapes),
// "…" identifiers, `…`/[…] identifiers (SQLite), -- and /* */ comments, PostgreSQL $tag$…$tag$
// strings and `::` casts. It is not a parser: the database still judges the statement.

export interface SqlParameter {
  name: string;
  /** Offset of the `:`. */
  start: number;
  /** Offset just past the name. */
  end: number;
}

export interface SqlShape {
  parameters: SqlParameter[];
  /** Non-empty statements, split at top-level semicolons. */
  statements: number;
  /** The first word of the text outside comments, lower-cased; null for an empty text. */
  firstWord: string | null;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function scanSql(text: string): SqlShape {
  const parameters: SqlParameter[] = [];
  let statements = 0;
  let statementHasContent = false;
  let firstWord: string | null = null;
  let i = 0;
  const n = text.length;
  const content = () => {
    statementHasContent = true;
  };

  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === ';') {
      if (statementHasContent) statements++;
      statementHasContent = false;
      i++;
      continue;
    }
    content();
    if (c === "'") {
      const escapes = i > 0 && /[Ee]/.test(text[i - 1]!) && (i < 2 || !NAME_CHAR.test(text[i - 2]!));
      i = skipQuoted(text, i, "'", escapes);
      continue;
    }
    if (c === '"' || c === '`') {
      i = skipQuoted(text, i, c, false);
      continue;
    }
    if (c === '[') {
      const end = text.indexOf(']', i + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    if (c === ':') {
      if (next === ':') {
        i += 2;
        continue;
      }
      if (next !== undefined && NAME_START.test(next) && (i === 0 || text[i - 1] !== ':')) {
        let end = i + 1;
        while (end < n && NAME_CHAR.test(text[end]!)) end++;
        parameters.push({ name: text.slice(i + 1, end), start: i, end });
        i = end;
        continue;
      }
    }
    if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < n && NAME_CHAR.test(text[end]!)) end++;
      firstWord ??= text.slice(i, end).toLowerCase();
      i = end;
      continue;
    }
    firstWord ??= c;
    i++;
  }
  if (statementHasContent) statements++;
  return { parameters, statements, firstWord };
}

function skipQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/**
 * Why a configured query cannot be a read-only export source, or null: it must be one statement
 * starting with SELECT, WITH or VALUES (the read-only connection or transaction refuses any write
 * the text hides, e.g. in a CTE).
 */
export function readQueryProblem(text: string): string | null {
  const shape = scanSql(text);
  if (shape.statements === 0) return 'is empty';
  if (shape.statements > 1) return `holds ${shape.statements} statements; one SELECT is allowed`;
  if (!['select', 'with', 'values'].includes(shape.firstWord ?? '')) {
    return `must be a SELECT (or WITH … SELECT, VALUES), it starts with "${shape.firstWord}"`;
  }
  return null;
}

/** The query without a final `;` (and the blanks after it), to nest it in DECLARE or a sub-select. */
export function withoutFinalSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}
