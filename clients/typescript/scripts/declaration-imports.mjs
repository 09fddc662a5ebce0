// After `tsc`: the declaration files keep the sources' `./x.ts` specifiers (tsc rewrites them to
// `.js` in the JavaScript only). A `.js` specifier resolves to the `.d.ts` beside it in every
// TypeScript version and module mode, so the published declarations use those.
import { readdir, readFile, writeFile } from 'node:fs/promises';

const dist = new URL('../dist/', import.meta.url);
for (const name of await readdir(dist)) {
  if (!name.endsWith('.d.ts')) continue;
  const file = new URL(name, dist);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
}
