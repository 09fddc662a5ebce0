import { readFileSync } from 'node:fs';

// SQL lives in .sql files: one file of named queries per dialect, the same names in each.
//   -- name: taskGet
//   SELECT … ;
// A query runs until the next `-- name:` line. Names are checked at load, so a typo fails at start.

export function loadQueries<const Names extends readonly string[]>(
  fileUrl: URL,
  names: Names,
): Record<Names[number], string> {
  const text = readFileSync(fileUrl, 'utf8');
  const out: Record<string, string> = {};
  let current: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (current !== null) out[current] = body.join('\n').trim().replace(/;\s*$/, '');
  };
  for (const line of text.split('\n')) {
    const m = /^--\s*name:\s*([A-Za-z0-9_]+)\s*$/.exec(line);
    if (m) {
      flush();
      current = m[1]!;
      if (current in out) throw new Error(`${fileUrl.pathname}: query "${current}" defined twice`);
      body = [];
    } else if (current !== null) {
      body.push(line);
    }
  }
  flush();
  for (const name of names) {
    if (!out[name]) throw new Error(`${fileUrl.pathname}: missing query "${name}"`);
  }
  return out as Record<Names[number], string>;
}
