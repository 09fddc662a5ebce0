import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/build-app.ts';
import { taskTypesOf } from '../src/cli/start-node.ts';
import { DEFAULTS } from '../src/config/defaults.ts';
import { createTaskRegistry } from '../src/engine/task-registry.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import { BUILTIN_TASKS } from '../src/tasks/builtins.ts';

// Prints the OpenAPI document of the app as configured by default (built-in task types only).
// `docs/openapi.json` is this output, committed; test/api/openapi-snapshot.test.ts fails when it
// is stale. Regenerate: node scripts/openapi-dump.ts > docs/openapi.json

export const OPENAPI_REGENERATE = 'node scripts/openapi-dump.ts > docs/openapi.json';

/** The document, serialised exactly as committed. */
export async function openApiDocumentText(): Promise<string> {
  // buildApp needs a store; the document does not depend on its contents.
  const dir = await mkdtemp(join(tmpdir(), 'offload-openapi-'));
  const store = await openSqliteStore({ path: join(dir, 'offload.db') });
  try {
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config: DEFAULTS }));
    const app = await buildApp({ store, taskTypes, config: DEFAULTS });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.stdout.write(await openApiDocumentText());
