import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTH_CACHE_TTL_MS } from '../../src/api/plugins/auth.ts';
import { type ClusterNode, clusterForFile, pollUntil } from '../helpers/cluster.ts';
import { runOffload } from '../helpers/offload-process.ts';

// A revoked key stops working at once on the node that revoked it, and on every other node within
// the key cache's lifetime (AUTH_CACHE_TTL_MS, documented in the README and the OpenAPI document).
// Two API nodes on one PostgreSQL database; the key is warm in both caches before it is revoked.

let nodeA: ClusterNode;
let nodeB: ClusterNode;
const file = await clusterForFile({ servers: 2, workers: 0 }, (cluster) => {
  [nodeA, nodeB] = cluster.servers as [ClusterNode, ClusterNode];
});

async function status(node: ClusterNode, key: string): Promise<number> {
  const res = await fetch(`${node.url}/v1/tasks?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  await res.arrayBuffer();
  return res.status;
}

async function create(flags: string[]): Promise<{ key: string; id: string }> {
  const out = await runOffload(['keys', 'create', '--tenant', file.cluster.tenant, '--json', ...flags], file.cluster.env);
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(out.stdout) as { key: string; id: string };
}

test('a key revoked through one node is refused there at once and on the other within the cache lifetime', { skip: file.skip, timeout: 60_000 }, async (t) => {
  const admin = await create(['--admin']);
  const victim = await create([]);
  // Warm both caches.
  assert.equal(await status(nodeA, victim.key), 200);
  assert.equal(await status(nodeB, victim.key), 200);

  const revoke = await fetch(`${nodeA.url}/v1/keys/${victim.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin.key}` } });
  await revoke.arrayBuffer();
  assert.ok(revoke.status < 300, `revoke answered ${revoke.status}`);
  const revokedAt = Date.now();
  assert.equal(await status(nodeA, victim.key), 401, 'the revoking node refuses the key at once');

  await pollUntil('the other node to refuse the key', async () => ((await status(nodeB, victim.key)) === 401 ? true : undefined), {
    // The bound is the cache's lifetime; the margin is for a busy machine, not a target.
    timeoutMs: AUTH_CACHE_TTL_MS + 5_000,
    intervalMs: 100,
  });
  t.diagnostic(`refused by the other node ${Date.now() - revokedAt} ms after the revocation (cache lifetime ${AUTH_CACHE_TTL_MS} ms)`);
  // Once refused, it stays refused (the cache does not bring the old row back).
  for (const node of [nodeA, nodeB]) assert.equal(await status(node, victim.key), 401);
});
