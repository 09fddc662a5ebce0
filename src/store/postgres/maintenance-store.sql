-- The maintenance part's queries (the store methods of maintenance-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/maintenance-store.sql where a query maps to one store method in both, method
-- name + suffix where a method needs several.
-- No statement NOTIFYs: a transaction that did commits under a database-wide lock, serializing every
-- writer. The store announces committed changes itself, batched (notifications.ts).

-- name: taskRescueExpired
-- $1 now, $2 error, $3 retentionMs, $4 limit
WITH expired AS (
  SELECT id FROM tasks WHERE status = 'running' AND lease_expires_at < $1
  ORDER BY lease_expires_at LIMIT $4 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET
  status = CASE WHEN t.attempts < t.max_attempts THEN 'queued' ELSE 'failed' END,
  run_at = CASE WHEN t.attempts < t.max_attempts THEN $1::bigint ELSE t.run_at END,
  error = CASE WHEN t.attempts < t.max_attempts THEN t.error ELSE $2::jsonb END,
  finished_at = CASE WHEN t.attempts < t.max_attempts THEN NULL ELSE $1::bigint END,
  expires_at = CASE WHEN t.attempts < t.max_attempts THEN t.expires_at ELSE $1::bigint + $3::bigint END,
  lease_token = NULL, lease_expires_at = NULL, version = t.version + 1, updated_at = $1
FROM expired
WHERE t.id = expired.id
RETURNING t.*;

-- name: taskPromoteDue
-- $1 now, $2 limit
WITH due AS (
  SELECT id FROM tasks WHERE status = 'pending' AND deps_waiting = 0 AND run_at <= $1
  ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET status = 'queued', version = t.version + 1, updated_at = $1
FROM due
WHERE t.id = due.id
RETURNING t.id, t.type;

-- name: taskPromoteDueNext
-- A child waiting for its parents is promoted by them (migration 008), not by its runAt.
SELECT min(run_at) AS next_run_at FROM tasks WHERE status = 'pending' AND deps_waiting = 0;

-- name: taskExpireCancel
-- Unfinished tasks past their expiry: canceled, kept for retentionMs more.
-- $1 now, $2 error, $3 retentionMs, $4 limit
WITH stale AS (
  SELECT id FROM tasks WHERE status IN ('pending', 'queued') AND expires_at < $1
  ORDER BY expires_at LIMIT $4 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET status = 'canceled', error = $2::jsonb, finished_at = $1, expires_at = $1::bigint + $3::bigint,
                   version = t.version + 1, updated_at = $1
FROM stale
WHERE t.id = stale.id
RETURNING t.*;

-- name: taskExpirePurge
-- Finished tasks past their retention: destroyed, tombstone 'expired'.
-- $1 now, $2 limit
WITH d AS (
  DELETE FROM tasks WHERE id IN (
    SELECT id FROM tasks WHERE status IN ('succeeded', 'failed', 'canceled') AND expires_at < $1
    ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING *
), r AS (
  DELETE FROM task_reservations WHERE id IN (SELECT id FROM d)
), i AS (
  DELETE FROM idempotency_keys k USING d WHERE k.task_id = d.id AND k.tenant = d.tenant
), tomb AS (
  INSERT INTO task_tombstones (id, tenant, reason, at) SELECT id, tenant, 'expired', $1 FROM d
  ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at
)
SELECT d.* FROM d;

-- name: taskListDestroyPending
SELECT * FROM tasks WHERE destroy_requested AND status <> 'running' ORDER BY seq LIMIT $1;

-- name: taskQueueDepth
-- oldest_run_at: the earliest runAt of the queued ones (how long the oldest runnable task has waited).
SELECT type, status, count(*) AS count, min(run_at) FILTER (WHERE status = 'queued') AS oldest_run_at FROM tasks
WHERE status IN ('pending', 'queued', 'running')
GROUP BY type, status ORDER BY type, status;

-- name: choreLeaseAcquire
-- $1 name, $2 holder, $3 now, $4 ttlMs
INSERT INTO chore_leases AS c (name, holder, expires_at) VALUES ($1, $2, $3::bigint + $4::bigint)
ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
WHERE c.holder = EXCLUDED.holder OR c.expires_at <= $3
RETURNING name;

-- name: choreLeaseRelease
DELETE FROM chore_leases WHERE name = $1 AND holder = $2;
