import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The import structure, checked in `npm test` (docs/architecture.md):
// 1. layers import only downwards (a layer may import its own and lower layers);
// 2. no import cycles between files of src/;
// 3. no source or test file is over MAX_LINES lines;
// 4. route handlers (src/api/routes/) call no store method: they parse, call an operation, render.
// (That src/store/sqlite and src/store/postgres mirror each other file for file is
// test/store/dialect-mirror.test.ts.)
// It reads `import … from '…'` and `import('…')` specifiers; relative ones are resolved to files.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_LINES = 400;

/** Layer ranks, lowest first. `client` stands apart: it knows only the HTTP contract. */
const LAYERS: Record<string, number> = {
  domain: 0,
  config: 0,
  store: 1,
  files: 2,
  sources: 2,
  webhooks: 2,
  engine: 3,
  tasks: 4,
  services: 5,
  operations: 6,
  api: 7,
  web: 8,
  cli: 9,
};
const STANDALONE = new Set(['client']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (spec?.startsWith('.')) out.push(resolve(dirname(file), spec));
  }
  return out;
}

const layerOf = (file: string): string | null => {
  const rel = relative(join(ROOT, 'src'), file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0] ?? null;
};

const problems: string[] = [];
const srcFiles = walk(join(ROOT, 'src'));
const graph = new Map<string, string[]>();

for (const file of srcFiles) {
  const from = layerOf(file)!;
  const deps = importsOf(file);
  graph.set(file, deps.filter((d) => d.startsWith(join(ROOT, 'src'))));
  for (const dep of deps) {
    const to = layerOf(dep);
    if (to === null || to === from) continue;
    const where = `${relative(ROOT, file)} → ${relative(ROOT, dep)}`;
    if (STANDALONE.has(from)) problems.push(`${from} must import nothing of the server: ${where}`);
    else if (STANDALONE.has(to)) {
      if (from !== 'cli') problems.push(`only the CLI may use the client: ${where}`);
    } else if (!(from in LAYERS) || !(to in LAYERS)) problems.push(`unknown layer in ${where} (add it to scripts/check-structure.ts)`);
    else if (LAYERS[to]! > LAYERS[from]!) problems.push(`upward import (${from} → ${to}): ${where}`);
  }
}

// Cycles: depth-first search, reporting each cycle once by its smallest member.
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
const seenCycles = new Set<string>();
function visit(file: string): void {
  state.set(file, 'open');
  stack.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (!graph.has(dep)) continue;
    if (state.get(dep) === 'open') {
      const cycle = stack.slice(stack.indexOf(dep)).map((f) => relative(ROOT, f));
      const key = [...cycle].sort().join('|');
      if (!seenCycles.has(key)) {
        seenCycles.add(key);
        problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
      }
    } else if (!state.has(dep)) visit(dep);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of srcFiles) if (!state.has(file)) visit(file);

// Client packages (clients/*) are published on their own: they import nothing outside their folder.
for (const client of readdirSync(join(ROOT, 'clients'))) {
  const home = join(ROOT, 'clients', client);
  for (const file of walk(join(home, 'src'))) {
    for (const dep of importsOf(file)) {
      if (relative(home, dep).startsWith('..')) problems.push(`a client package imports outside its folder: ${relative(ROOT, file)} → ${relative(ROOT, dep)}`);
    }
  }
}

// Routes reach the store only through operations (docs/architecture.md, "commands over routes"):
// a store method called in a route file is a command that a batch or a worker could not reuse.
for (const file of walk(join(ROOT, 'src/api/routes'))) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (/\bstore\.[a-z]\w*\s*\(/.test(line)) problems.push(`${relative(ROOT, file)}:${i + 1} calls the store from a route (move it into src/operations/)`);
  });
}

// File length (generated files excepted: they are as long as the document they come from).
const GENERATED = new Set([join(ROOT, 'clients/typescript/src/openapi-types.ts')]);
for (const dir of ['src', 'test', 'bench', 'scripts', 'clients/typescript/src', 'clients/typescript/scripts']) {
  for (const file of walk(join(ROOT, dir))) {
    if (GENERATED.has(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > MAX_LINES) problems.push(`${relative(ROOT, file)} has ${lines} lines (at most ${MAX_LINES}: look for the second concept inside)`);
  }
}

if (problems.length > 0) {
  process.stderr.write(`structure check: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`structure check: ${srcFiles.length} source files, layers, cycles and file sizes ok\n`);
