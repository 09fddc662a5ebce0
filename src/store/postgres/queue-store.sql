-- The queue part's queries (the store methods of queue-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/queue-store.sql where a query maps to one store method in both.

-- name: queuePause
-- $1 type, $2 tenant, $3 now
INSERT INTO queue_pauses (type, tenant, paused_at) VALUES ($1, $2, $3)
ON CONFLICT (type, tenant) DO NOTHING
RETURNING type;

-- name: queueResume
DELETE FROM queue_pauses WHERE type = $1 AND tenant = $2 RETURNING type;

-- name: queuePauseList
SELECT type, tenant, paused_at FROM queue_pauses
WHERE ($1::text IS NULL OR tenant IN ('*', $1::text))
ORDER BY type, tenant;

-- name: queueStats
-- $1 tenant (NULL: any)
SELECT type, status, count(*)::int AS count, min(run_at) AS oldest FROM tasks
WHERE status IN ('pending', 'queued', 'running') AND ($1::text IS NULL OR tenant = $1::text)
GROUP BY type, status ORDER BY type, status;

-- name: queueThroughput
-- $1 tenant (NULL: any), $2 type (NULL: any), $3 since, $4 bucketMs. Read through tasks_finished_idx.
SELECT (finished_at / $4::bigint) * $4::bigint AS at,
       count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'failed')::int AS failed
FROM tasks
WHERE finished_at >= $3::bigint AND status IN ('succeeded', 'failed')
  AND ($1::text IS NULL OR tenant = $1::text) AND ($2::text IS NULL OR type = $2::text)
GROUP BY 1 ORDER BY 1;

-- name: taskRetry
-- $1 tenant (NULL: any), $2 id, $3 now, $4 expiresAt
UPDATE tasks SET status = 'queued', run_at = $3, max_attempts = GREATEST(max_attempts, attempts + 1),
  error = NULL, result = NULL, started_at = NULL, finished_at = NULL, expires_at = $4,
  cancel_requested = false, lease_token = NULL, lease_expires_at = NULL,
  progress_percent = NULL, progress_message = NULL, progress_current = NULL, progress_total = NULL,
  version = version + 1, updated_at = $3
WHERE id = $2 AND ($1::text IS NULL OR tenant = $1::text) AND status IN ('failed', 'canceled')
  AND NOT destroy_requested
RETURNING *;
