import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import type { TaskRow } from '../../src/domain/task.ts';
import { defineTask, PermanentFailure, type TaskParentResult } from '../../src/engine/define-task.ts';
import type { Store } from '../../src/store/store.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { startWorker, type TestStore, tempStore, testConfig, waitFor } from './fixtures.ts';

// Task graphs run by real runners: a DAG of 200 tasks with shared parents (diamonds), two workers
// (two store instances: two processes as far as the database can tell). Every child starts after
// all its parents finished, independent branches run at the same time, a failed parent fails exactly
// its descendants, and a child's handler reads its parents' results. The time from a child's last
// parent finishing to the child starting is reported (p50, p95), not asserted.

const HOUR = 3_600_000;
const LAYERS = 10;
const WIDTH = 20;

interface Node {
  id: string;
  parents: string[];
}

/** Layer by layer; every task after the first layer depends on two tasks of the layer before (shared: diamonds). */
function dag(seed: number): Node[][] {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const layers: Node[][] = [];
  for (let l = 0; l < LAYERS; l++) {
    const layer: Node[] = [];
    for (let i = 0; i < WIDTH; i++) {
      const prev = layers[l - 1];
      const parents = prev ? [...new Set([prev[Math.floor(rand() * WIDTH)]!.id, prev[Math.floor(rand() * WIDTH)]!.id])] : [];
      layer.push({ id: newId('tsk'), parents });
    }
    layers.push(layer);
  }
  return layers;
}

/** Stores a task as a submission would: inserted and linked to its parents in one transaction. */
async function submitNode(store: Store, type: string, node: Node, input: unknown): Promise<void> {
  const now = Date.now();
  await store.withTransaction(async (tx) => {
    await tx.taskInsert({
      task: {
        id: node.id, tenant: 'acme', type, status: node.parents.length ? 'pending' : 'queued', customId: null, priority: 0,
        inputJson: JSON.stringify(input), metadata: null, fingerprint: 'f', runAt: now, timeoutSeconds: 30, maxAttempts: 1,
        callbackUrl: null, createdAt: now, expiresAt: now + HOUR,
      },
    });
    if (node.parents.length === 0) return;
    const linked = await tx.taskGraphLink({ tenant: 'acme', childId: node.id, parentIds: node.parents, policy: 'succeeded', maxDepth: 100, now, retentionMs: HOUR });
    assert.equal(linked.outcome, 'linked');
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

describe(onBackend('task graphs on runners'), { skip: await backendSkip() }, () => {
  let db: TestStore;
  let second: Store;
  before(async () => {
    db = await tempStore();
    second = await db.openAnother();
  });
  after(() => db.close());

  test('a DAG of 200 tasks with diamonds runs in topological order, branches in parallel, on two workers', async (t) => {
    const layers = dag(7);
    const nodes = layers.flat();
    const parentsOf = new Map(nodes.map((n) => [n.id, n.parents]));
    let running = 0;
    let peak = 0;
    const seenParents = new Map<string, TaskParentResult[]>();
    const step = defineTask({
      type: 'dag-step',
      input: { type: 'object' },
      async run(_input, ctx) {
        running++;
        peak = Math.max(peak, running);
        seenParents.set(ctx.taskId, [...ctx.parents]);
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        running--;
        return { from: ctx.taskId };
      },
    });
    for (const node of nodes) await submitNode(db.store, 'dag-step', node, {});
    // Fewer slots than a layer is wide: the first claims leave work for the second worker.
    const config = testConfig({ worker: { concurrency: 16, typeConcurrency: 16 } });
    const workers = [
      startWorker({ store: db.store, definitions: [step], config, workerId: 'worker-a' }),
      startWorker({ store: second, definitions: [step], config, workerId: 'worker-b' }),
    ];
    try {
      const rows = await waitFor(
        async () => {
          const list = await Promise.all(nodes.map((n) => db.store.taskGet({ tenant: null, id: n.id })));
          return list.every((r) => r?.status === 'succeeded') ? (list as TaskRow[]) : null;
        },
        { timeoutMs: 60_000, what: 'the whole DAG to succeed' },
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const latencies: number[] = [];
      for (const row of rows) {
        const parents = parentsOf.get(row.id)!.map((id) => byId.get(id)!);
        if (parents.length === 0) continue;
        const last = Math.max(...parents.map((p) => p.finishedAt!));
        assert.ok(
          row.startedAt! >= last,
          `${row.id} started at ${row.startedAt} (run_at ${row.runAt}, by ${row.workerId}) before a parent finished: ${JSON.stringify(parents.map((p) => ({ id: p.id, finishedAt: p.finishedAt, startedAt: p.startedAt, by: p.workerId })))}`,
        );
        latencies.push(row.startedAt! - last);
        assert.deepEqual(
          seenParents.get(row.id)?.map((p) => [p.taskId, p.status, (p.result as { from: string }).from]),
          parentsOf.get(row.id)!.map((id) => [id, 'succeeded', id]),
          'ctx.parents: each parent with its result, in dependsOn order',
        );
      }
      assert.ok(peak >= 2, `independent branches ran at the same time (peak ${peak})`);
      const workerIds = new Set(rows.map((r) => r.workerId));
      assert.deepEqual([...workerIds].sort(), ['worker-a', 'worker-b'], 'both workers ran tasks');
      t.diagnostic(
        `${db.backend}: child start after its last parent finished: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} children; peak concurrency ${peak}`,
      );
    } finally {
      for (const w of workers) await w.stop();
    }
  });

  test('a failed parent fails exactly its descendants with dependency-failed; the rest succeeds', async () => {
    const layers = dag(11).slice(0, 5);
    const nodes = layers.flat();
    const failing = layers[1]![3]!;
    const descendants = new Set<string>();
    for (const node of nodes) {
      if (node.parents.some((p) => p === failing.id || descendants.has(p))) descendants.add(node.id);
    }
    assert.ok(descendants.size > 0);
    const step = defineTask<{ fail?: boolean }>({
      type: 'dag-fail',
      input: { type: 'object' },
      run(input) {
        if (input.fail) throw new PermanentFailure('broken on purpose');
        return { ok: true };
      },
    });
    for (const node of nodes) await submitNode(db.store, 'dag-fail', node, node === failing ? { fail: true } : {});
    const workers = [startWorker({ store: db.store, definitions: [step] }), startWorker({ store: second, definitions: [step] })];
    try {
      const rows = await waitFor(
        async () => {
          const list = await Promise.all(nodes.map((n) => db.store.taskGet({ tenant: null, id: n.id })));
          return list.every((r) => r && ['succeeded', 'failed'].includes(r.status)) ? (list as TaskRow[]) : null;
        },
        { timeoutMs: 30_000, what: 'every task to finish' },
      );
      const failed = rows.filter((r) => r.status === 'failed').map((r) => r.id);
      assert.deepEqual(new Set(failed), new Set([failing.id, ...descendants]));
      for (const r of rows.filter((r) => descendants.has(r.id))) {
        assert.equal(r.error?.code, 'dependency-failed');
        assert.equal(r.attempts, 0, 'never run');
      }
      assert.equal(rows.find((r) => r.id === failing.id)?.error?.code, 'permanent-failure');
    } finally {
      for (const w of workers) await w.stop();
    }
  });
});
