import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DOCUMENT, generateTypes, REGENERATE, TYPES_FILE } from '../../clients/typescript/scripts/generate-types.ts';

// The client's types are generated from the committed OpenAPI document (which the snapshot test
// keeps equal to what the server serves): they must be what openapi-typescript makes of it now.

test('clients/typescript/src/openapi-types.ts is generated from docs/openapi.json', async () => {
  const committed = await readFile(TYPES_FILE, 'utf8').catch(() => null);
  assert.ok(committed !== null, `the client's generated types are missing: ${REGENERATE}`);
  const generated = await generateTypes(await readFile(DOCUMENT, 'utf8'));
  assert.ok(committed === generated, `clients/typescript/src/openapi-types.ts is stale: the OpenAPI document changed. Regenerate it (${REGENERATE}) and commit it.`);
});
