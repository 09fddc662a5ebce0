import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, tempDatabase } from '../helpers/backend.ts';

// The task metrics of a node are fed by the code paths they name: real submissions through the
// API, real attempts run by the node's runner (a success and a permanent failure), a real lease
// rescue by the node's rescuer — then one scrape of /metrics. (They used to be declared and never
// updated; the old test incremented them by hand.)

const DEFINE_TASK = pathToFileURL(join(import.meta.dirname, '../../src/engine/define-task.ts')).href;

describe(onBackend('node metrics from real work'), { skip: await backendSkip() }, () => {
  let node: RunningNode;
  let dir: string;
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let auth: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offload-metrics-'));
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(
      join(dir, 'failing.ts'),
      `import { defineTask, PermanentFailure } from '${DEFINE_TASK}';
       export const failing = defineTask({ type: 'failing', input: { type: 'object' }, run() { throw new PermanentFailure('no'); } });`,
    );
    database = await tempDatabase();
    const config: Config = structuredClone(DEFAULTS);
    config.database = database.database;
    config.port = 0;
    config.logLevel = 'silent';
    config.taskModules = ['./failing.ts'];
    config.worker.pollIntervalMs = 50;
    config.maintenance.rescueIntervalMs = 100;
    node = await startNode({ config, api: true, worker: true, cwd: dir });
    auth = { authorization: `Bearer ${(await createApiKey(node.store, { tenant: 'metrics' })).key}`, 'content-type': 'application/json' };
  });
  after(async () => {
    await node?.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const submit = async (type: string, input: unknown = {}) => {
    const res = await fetch(`${node.url}/v1/tasks`, { method: 'POST', headers: { ...auth, prefer: 'wait=10' }, body: JSON.stringify({ type, input }) });
    assert.equal(res.status, 201, await res.text());
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  test('submissions, attempts by outcome, durations and lease rescues are counted; queue age comes from the store', async () => {
    for (let i = 0; i < 3; i++) await submit('noop');
    await submit('failing');
    // A worker that claims a task and dies: its lease runs out and the node's rescuer requeues it.
    // (A type this node does not run, so the requeued task stays queued for the age gauge.)
    const now = Date.now();
    await node.store.taskInsert({
      task: {
        id: `tsk_${'0'.repeat(9)}1${'a'.repeat(26)}`, tenant: 'metrics', type: 'elsewhere', status: 'queued', customId: null, priority: 0,
        inputJson: '{}', metadata: null, fingerprint: 'f', runAt: now - 2000, timeoutSeconds: 30, maxAttempts: 3, callbackUrl: null,
        createdAt: now - 2000, expiresAt: now + 3_600_000,
      },
    });
    const claimed = await node.store.taskClaim({ types: ['elsewhere'], perType: {}, limit: 1, workerId: 'dead-worker', leaseMs: 100, now: Date.now() });
    assert.equal(claimed.length, 1);
    let text = '';
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      text = await (await fetch(`${node.url}/metrics`)).text();
      if ((value(text, 'offload_lease_rescues_total') ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(value(text, 'offload_lease_rescues_total'), 1);
    assert.equal(value(text, 'offload_tasks_submitted_total{type="noop"}'), 3);
    assert.equal(value(text, 'offload_tasks_submitted_total{type="failing"}'), 1);
    assert.equal(value(text, 'offload_tasks_submitted_total{type="elsewhere"}'), 1);
    assert.equal(value(text, 'offload_task_attempts_total{type="noop",outcome="succeeded"}'), 3);
    assert.equal(value(text, 'offload_task_attempts_total{type="failing",outcome="failed"}'), 1);
    assert.equal(value(text, 'offload_task_duration_seconds_count{type="noop"}'), 3);
    assert.equal(value(text, 'offload_tasks{type="elsewhere",status="queued"}'), 1);
    const age = value(text, 'offload_queue_oldest_age_seconds{type="elsewhere"}');
    assert.ok(age !== undefined && age >= 0, `queue age ${age}`);
  });
});
