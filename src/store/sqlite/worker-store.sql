-- The worker part's queries (the store methods of worker-store.ts), SQLite dialect: the same names
-- as ../postgres/worker-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).

-- name: workerHeartbeat
INSERT INTO workers (id, kind, tenant, key_id, name, node, types, concurrency, started_at, last_heartbeat_at)
VALUES (:id, :kind, :tenant, :keyId, :name, :node, :types, :concurrency, :startedAt, :lastHeartbeatAt)
ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, tenant = excluded.tenant, key_id = excluded.key_id,
  name = excluded.name, node = excluded.node, types = excluded.types, concurrency = excluded.concurrency,
  last_heartbeat_at = excluded.last_heartbeat_at;

-- name: workerList
SELECT * FROM workers
WHERE last_heartbeat_at >= :since AND (:tenant IS NULL OR tenant IS NULL OR tenant = :tenant)
ORDER BY kind, name, id;

-- name: workerTouch
UPDATE workers SET last_heartbeat_at = max(last_heartbeat_at, :now) WHERE id = :id;

-- name: workerRemove
DELETE FROM workers WHERE id = :id;

-- name: workerPrune
DELETE FROM workers WHERE last_heartbeat_at < :before;

-- name: taskListPastDeadline
-- Reads the running tasks only (their partial index), then the deadline of each.
SELECT * FROM tasks
WHERE status = 'running' AND type IN (SELECT value FROM json_each(:types))
  AND started_at + timeout_seconds * 1000 < :now
ORDER BY started_at LIMIT :limit;
