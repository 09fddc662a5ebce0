import { spawnSync } from 'node:child_process';
import { postgresSkip } from '../test/helpers/postgres.ts';

// The second pass of `npm test`: the backend-neutral suites (API, operations, engine, services, webhooks) again
// on PostgreSQL. Outside a machine with a PostgreSQL server the pass is skipped with a clear line —
// except under CI=true, where a missing server fails the run (postgresSkip throws).

const SUITES = ['test/api/*.test.ts', 'test/tasks/*.test.ts', 'test/operations/*.test.ts', 'test/engine/*.test.ts', 'test/services/*.test.ts', 'test/webhooks/*.test.ts'];

const skip = await postgresSkip();
if (skip) {
  process.stdout.write(`${skip}\n`);
  process.exit(0);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=120000', ...SUITES], {
  stdio: 'inherit',
  env: { ...process.env, OFFLOAD_TEST_BACKEND: 'postgres' },
});
process.exit(result.status ?? 1);
