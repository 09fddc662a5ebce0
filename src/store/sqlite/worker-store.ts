import { loadQueries } from '../sql-file.ts';
import type { WorkerRow, WorkerStore } from '../worker-store.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { type SqlRow, taskFromRow } from './row-mapping.ts';

// Runners and HTTP workers that announce themselves; attempts past their deadline.

const Q = loadQueries(new URL('./worker-store.sql', import.meta.url), [
  'workerHeartbeat', 'workerList', 'workerTouch', 'workerRemove', 'workerPrune', 'taskListPastDeadline',
] as const);

function workerFromRow(r: SqlRow): WorkerRow {
  return {
    id: r.id as string,
    kind: r.kind as WorkerRow['kind'],
    tenant: (r.tenant as string | null) ?? null,
    keyId: (r.key_id as string | null) ?? null,
    name: r.name as string,
    node: r.node as string,
    types: JSON.parse(r.types as string) as string[],
    concurrency: r.concurrency as number,
    startedAt: r.started_at as number,
    lastHeartbeatAt: r.last_heartbeat_at as number,
  };
}

export function sqliteWorkerStore(c: SqliteConnection): SyncPart<WorkerStore> {
  const sql = c.queries(Q);

  return {
    workerHeartbeat({ worker }, sink) {
      c.write1(sink, () => sql.run('workerHeartbeat', { ...worker, types: JSON.stringify(worker.types) }));
    },
    workerList: (p) => sql.all('workerList', p).map(workerFromRow),
    workerTouch(p, sink) {
      c.write1(sink, () => sql.run('workerTouch', p));
    },
    workerRemove(p, sink) {
      c.write1(sink, () => sql.run('workerRemove', p));
    },
    workerPrune: (p, sink) => c.write1(sink, () => Number(sql.run('workerPrune', p).changes)),
    taskListPastDeadline({ types, now, limit }) {
      if (types.length === 0) return [];
      return sql.all('taskListPastDeadline', { types: JSON.stringify(types), now, limit }).map(taskFromRow);
    },
  };
}
