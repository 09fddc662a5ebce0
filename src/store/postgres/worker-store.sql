-- The worker part's queries (the store methods of worker-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/worker-store.sql where a query maps to one store method in both.

-- name: workerHeartbeat
-- $1 id, $2 kind, $3 tenant, $4 keyId, $5 name, $6 node, $7 types, $8 concurrency, $9 startedAt, $10 lastHeartbeatAt
INSERT INTO workers (id, kind, tenant, key_id, name, node, types, concurrency, started_at, last_heartbeat_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, tenant = EXCLUDED.tenant, key_id = EXCLUDED.key_id,
  name = EXCLUDED.name, node = EXCLUDED.node, types = EXCLUDED.types, concurrency = EXCLUDED.concurrency,
  last_heartbeat_at = EXCLUDED.last_heartbeat_at;

-- name: workerList
-- $1 tenant (NULL: all), $2 since
SELECT * FROM workers
WHERE last_heartbeat_at >= $2 AND ($1::text IS NULL OR tenant IS NULL OR tenant = $1::text)
ORDER BY kind, name, id;

-- name: workerTouch
UPDATE workers SET last_heartbeat_at = GREATEST(last_heartbeat_at, $2) WHERE id = $1;

-- name: workerRemove
DELETE FROM workers WHERE id = $1;

-- name: workerPrune
DELETE FROM workers WHERE last_heartbeat_at < $1;

-- name: taskListPastDeadline
-- $1 types, $2 now, $3 limit
SELECT * FROM tasks
WHERE status = 'running' AND type = ANY($1::text[]) AND started_at + timeout_seconds * 1000::bigint < $2
ORDER BY started_at LIMIT $3;
