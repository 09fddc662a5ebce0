import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openApiDocumentText } from '../../scripts/openapi-dump.ts';

// The document as client generators and linters read it: `redocly lint` (the project's
// redocly.yaml, the recommended rules) reports no error and no warning on what the app generates.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

test('redocly lint finds no error and no warning in the generated OpenAPI document', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-redocly-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, await openApiDocumentText());
    // Telemetry and the update check would try the network; neither belongs in a test.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const run = await promisify(execFile)(
      process.execPath,
      [REDOCLY, 'lint', file, '--format=json', '--config', join(ROOT, 'redocly.yaml')],
      { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    const found = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    assert.deepEqual(found, [], `redocly lint:\n${found.join('\n')}`);
    assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
