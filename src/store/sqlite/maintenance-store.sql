-- The maintenance part's queries (the store methods of maintenance-store.ts), SQLite dialect: the same
-- names as ../postgres/maintenance-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: taskRescueExpired
UPDATE tasks SET
  status = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,
  run_at = CASE WHEN attempts < max_attempts THEN :now ELSE run_at END,
  error = CASE WHEN attempts < max_attempts THEN error ELSE :error END,
  finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE :now END,
  expires_at = CASE WHEN attempts < max_attempts THEN expires_at ELSE :now + :retentionMs END,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE seq IN (
  SELECT seq FROM tasks WHERE status = 'running' AND lease_expires_at < :now
  ORDER BY lease_expires_at LIMIT :limit)
RETURNING *;

-- name: taskPromoteDue
UPDATE tasks SET status = 'queued', updated_at = :now, version = version + 1
WHERE seq IN (
  SELECT seq FROM tasks WHERE status = 'pending' AND deps_waiting = 0 AND run_at <= :now
  ORDER BY run_at LIMIT :limit)
RETURNING id, type;

-- name: taskPromoteDueNext
-- A child waiting for its parents is promoted by them (migration 008), not by its runAt.
SELECT min(run_at) AS next FROM tasks WHERE status = 'pending' AND deps_waiting = 0;

-- name: taskExpireCancel
UPDATE tasks SET status = 'canceled', error = :error, finished_at = :now, expires_at = :now + :retentionMs,
  updated_at = :now, version = version + 1
WHERE seq IN (
  SELECT seq FROM tasks WHERE status IN ('pending', 'queued') AND expires_at < :now
  ORDER BY expires_at LIMIT :limit)
RETURNING *;

-- name: taskExpirePurge
DELETE FROM tasks
WHERE seq IN (
  SELECT seq FROM tasks WHERE status IN ('succeeded', 'failed', 'canceled') AND expires_at < :now
  ORDER BY expires_at LIMIT :limit)
RETURNING *;

-- name: taskExpireTombstone
INSERT OR REPLACE INTO task_tombstones (id, tenant, reason, at) VALUES (:id, :tenant, :reason, :at);

-- name: taskExpireLinks
DELETE FROM idempotency_keys WHERE task_id = :id AND tenant = :tenant;

-- name: taskListDestroyPending
SELECT * FROM tasks WHERE destroy_requested = 1 AND status <> 'running' ORDER BY seq LIMIT :limit;

-- name: taskQueueDepth
-- One branch per active status so each reads its partial index, never the finished history.
-- oldest_run_at: the earliest runAt of the queued ones (how long the oldest runnable task has waited).
SELECT type, 'pending' AS status, count(*) AS count, NULL AS oldest_run_at FROM tasks WHERE status = 'pending' GROUP BY type
UNION ALL
SELECT type, 'queued' AS status, count(*) AS count, min(run_at) AS oldest_run_at FROM tasks WHERE status = 'queued' GROUP BY type
UNION ALL
SELECT type, 'running' AS status, count(*) AS count, NULL AS oldest_run_at FROM tasks WHERE status = 'running' GROUP BY type
ORDER BY type, status;

-- name: choreLeaseAcquire
-- Take the lease when it is free, expired, or already ours (renewal); otherwise change nothing.
INSERT INTO chore_leases (name, holder, expires_at) VALUES (:name, :holder, :now + :ttlMs)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
  WHERE chore_leases.holder = excluded.holder OR chore_leases.expires_at <= :now
RETURNING holder;

-- name: choreLeaseRelease
DELETE FROM chore_leases WHERE name = :name AND holder = :holder;
