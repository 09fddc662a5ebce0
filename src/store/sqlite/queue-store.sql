-- The queue part's queries (the store methods of queue-store.ts), SQLite dialect: the same names as
-- ../postgres/queue-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).

-- name: queuePause
INSERT INTO queue_pauses (type, tenant, paused_at) VALUES (:type, :tenant, :now)
ON CONFLICT (type, tenant) DO NOTHING
RETURNING type;

-- name: queueResume
DELETE FROM queue_pauses WHERE type = :type AND tenant = :tenant RETURNING type;

-- name: queuePauseList
SELECT type, tenant, paused_at FROM queue_pauses
WHERE (:tenant IS NULL OR tenant IN ('*', :tenant))
ORDER BY type, tenant;

-- name: queueStats
-- One branch per active status so each reads its partial index, never the finished history.
SELECT type, 'pending' AS status, count(*) AS count, min(run_at) AS oldest FROM tasks
WHERE status = 'pending' AND (:tenant IS NULL OR tenant = :tenant) GROUP BY type
UNION ALL
SELECT type, 'queued' AS status, count(*) AS count, min(run_at) AS oldest FROM tasks
WHERE status = 'queued' AND (:tenant IS NULL OR tenant = :tenant) GROUP BY type
UNION ALL
SELECT type, 'running' AS status, count(*) AS count, min(run_at) AS oldest FROM tasks
WHERE status = 'running' AND (:tenant IS NULL OR tenant = :tenant) GROUP BY type
ORDER BY type, status;

-- name: queueThroughput
-- Read through tasks_finished (finished_at), so the finished history outside the window is never scanned.
SELECT CAST(finished_at / :bucketMs AS INTEGER) * CAST(:bucketMs AS INTEGER) AS at,
       sum(status = 'succeeded') AS succeeded, sum(status = 'failed') AS failed
FROM tasks
WHERE finished_at >= :since AND status IN ('succeeded', 'failed')
  AND (:tenant IS NULL OR tenant = :tenant) AND (:type IS NULL OR type = :type)
GROUP BY 1 ORDER BY 1;

-- name: taskRetry
UPDATE tasks SET status = 'queued', run_at = :now, max_attempts = max(max_attempts, attempts + 1),
  error = NULL, result = NULL, started_at = NULL, finished_at = NULL, expires_at = :expiresAt,
  cancel_requested = 0, lease_token = NULL, lease_expires_at = NULL,
  progress_percent = NULL, progress_message = NULL, progress_current = NULL, progress_total = NULL,
  updated_at = :now, version = version + 1
WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) AND status IN ('failed', 'canceled')
  AND destroy_requested = 0
RETURNING *;
