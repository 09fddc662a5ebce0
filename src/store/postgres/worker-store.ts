import { loadQueries } from '../sql-file.ts';
import type { WorkerRow, WorkerStore } from '../worker-store.ts';
import type { Row, StoreContext } from './connection.ts';
import { taskFromRow } from './row-mapping.ts';

// Runners and HTTP workers that announce themselves; attempts past their deadline.

const Q = loadQueries(new URL('./worker-store.sql', import.meta.url), [
  'workerHeartbeat', 'workerList', 'workerTouch', 'workerRemove', 'workerPrune', 'taskListPastDeadline',
] as const);

function workerFromRow(r: Row): WorkerRow {
  return {
    id: r.id as string,
    kind: r.kind as WorkerRow['kind'],
    tenant: (r.tenant as string | null) ?? null,
    keyId: (r.key_id as string | null) ?? null,
    name: r.name as string,
    node: r.node as string,
    types: r.types as string[],
    concurrency: r.concurrency as number,
    startedAt: r.started_at as number,
    lastHeartbeatAt: r.last_heartbeat_at as number,
  };
}

export function postgresWorkerStore(ctx: StoreContext): WorkerStore {
  const sql = ctx.queries(Q);

  return {
    async workerHeartbeat({ worker: w }) {
      await sql.run('workerHeartbeat', [w.id, w.kind, w.tenant, w.keyId, w.name, w.node, w.types, w.concurrency, w.startedAt, w.lastHeartbeatAt]);
    },
    async workerList({ tenant, since }) {
      return (await sql.rows('workerList', [tenant, since])).map(workerFromRow);
    },
    async workerTouch({ id, now }) {
      await sql.run('workerTouch', [id, now]);
    },
    async workerRemove({ id }) {
      await sql.run('workerRemove', [id]);
    },
    async workerPrune({ before }) {
      return (await sql.run('workerPrune', [before])).rowCount ?? 0;
    },
    async taskListPastDeadline({ types, now, limit }) {
      if (types.length === 0) return [];
      return (await sql.rows('taskListPastDeadline', [types, now, limit])).map(taskFromRow);
    },
  };
}
