import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { OPENAPI_REGENERATE, openApiDocumentText } from '../../scripts/openapi-dump.ts';

// Generated artifacts are checked. The committed document is what API users and
// client generators read; it must be what the code serves.

test('docs/openapi.json matches the document the app generates', async () => {
  const committed = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8').catch(() => null);
  assert.ok(committed !== null, `docs/openapi.json is missing. Generate it: ${OPENAPI_REGENERATE}`);
  const generated = await openApiDocumentText();
  assert.ok(
    committed === generated,
    `docs/openapi.json is stale: the routes' schemas changed. Regenerate it (${OPENAPI_REGENERATE}), review the diff and commit it.`,
  );
});
