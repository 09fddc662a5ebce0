import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

// Generates src/openapi-types.ts from the server's committed OpenAPI document (docs/openapi.json at
// the repository root) with openapi-typescript. The client's request and response types are these
// types, so they cannot drift from what the server documents; the repository's tests fail when
// this file is stale (test/client/openapi-types.test.ts). Regenerate: `npm run generate` here, or
// `npm run client:types` at the repository root.

export const DOCUMENT = new URL('../../../docs/openapi.json', import.meta.url);
export const TYPES_FILE = new URL('../src/openapi-types.ts', import.meta.url);
export const REGENERATE = 'npm run client:types';

const HEADER = `// Generated from docs/openapi.json by openapi-typescript (clients/typescript/scripts/generate-types.ts).
// Do not edit: change the route schemas on the server, then run \`${REGENERATE}\`.

`;

/** The generated module's text for an OpenAPI document's text. */
export async function generateTypes(documentText: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(documentText), { silent: true });
  return `${HEADER}${astToString(ast)}`;
}

if (import.meta.main) {
  await writeFile(TYPES_FILE, await generateTypes(await readFile(DOCUMENT, 'utf8')));
}
