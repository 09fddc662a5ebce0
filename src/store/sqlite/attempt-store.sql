-- The attempt part's queries (the store methods of attempt-store.ts), SQLite dialect: the same
-- names as ../postgres/attempt-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: taskClaimPauses
-- The pauses of the types being claimed, read under the write lock first: when there are none (the
-- usual case) the plain statements below run, without a probe of queue_pauses per row read.
SELECT type, tenant FROM queue_pauses WHERE type IN (SELECT value FROM json_each(:types));

-- name: taskClaimType
-- One type: take the first :limit rows of the queue index and mark them in the same statement.
UPDATE tasks SET status = 'running', attempts = attempts + 1, started_at = :now,
  lease_token = lower(hex(randomblob(16))), lease_expires_at = :now + :leaseMs, worker_id = :workerId,
  updated_at = :now, version = version + 1
WHERE seq IN (
  SELECT seq FROM tasks
  WHERE status = 'queued' AND type = :type AND run_at <= :now
  ORDER BY priority DESC, run_at, seq
  LIMIT :limit)
RETURNING *;

-- name: taskClaimCandidates
-- Several types: the head of each type's queue, merged in claim order by the caller.
SELECT seq, priority, run_at AS runAt, tenant, type FROM tasks
WHERE status = 'queued' AND type = :type AND run_at <= :now
ORDER BY priority DESC, run_at, seq
LIMIT :limit;

-- name: taskClaimCandidatesFiltered
-- The head of a type's queue when something filters it: a paused queue (the type for the task's
-- tenant, or for every tenant: '*'), one tenant only (:tenant), tenants at their limit
-- (:excluded) and rows already chosen in an earlier round (:taken) — JSON arrays.
SELECT seq, priority, run_at AS runAt, tenant, type FROM tasks t
WHERE t.status = 'queued' AND t.type = :type AND t.run_at <= :now
  AND (:tenant IS NULL OR t.tenant = :tenant)
  AND NOT EXISTS (SELECT 1 FROM queue_pauses p WHERE p.type = t.type AND p.tenant IN ('*', t.tenant))
  AND t.tenant NOT IN (SELECT value FROM json_each(:excluded))
  AND t.seq NOT IN (SELECT value FROM json_each(:taken))
ORDER BY t.priority DESC, t.run_at, t.seq
LIMIT :limit;

-- name: taskClaimRunningByTenant
-- What runs per tenant now, for a claim under a tenant limit (read under the write lock).
SELECT tenant, count(*) AS n FROM tasks
WHERE status = 'running' AND (:tenant IS NULL OR tenant = :tenant)
GROUP BY tenant;

-- name: taskClaimSeqs
UPDATE tasks SET status = 'running', attempts = attempts + 1, started_at = :now,
  lease_token = lower(hex(randomblob(16))), lease_expires_at = :now + :leaseMs, worker_id = :workerId,
  updated_at = :now, version = version + 1
WHERE seq IN (SELECT value FROM json_each(:seqs)) AND status = 'queued'
RETURNING *;

-- name: taskHeartbeat
-- Extending the lease is not a visible change of the task: no version bump (long-polls stay quiet).
UPDATE tasks SET lease_expires_at = :now + :leaseMs
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING cancel_requested;

-- name: taskProgress
UPDATE tasks SET progress_percent = :percent, progress_message = :message, progress_current = :current,
  progress_total = :total, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING cancel_requested;

-- name: taskComplete
UPDATE tasks SET status = 'succeeded', result = :resultJson, finished_at = :now, expires_at = :now + :retentionMs,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING *;

-- name: taskCompleteStatsGet
SELECT type, count, mean_ms FROM type_stats WHERE type = :type;

-- name: taskCompleteStatsUpsert
INSERT INTO type_stats (type, count, mean_ms) VALUES (:type, :count, :meanMs)
ON CONFLICT (type) DO UPDATE SET count = excluded.count, mean_ms = excluded.mean_ms;

-- name: taskFail
UPDATE tasks SET
  status = CASE WHEN :retryAt IS NULL THEN 'failed' ELSE 'pending' END,
  run_at = coalesce(:retryAt, run_at),
  error = :error,
  finished_at = CASE WHEN :retryAt IS NULL THEN :now ELSE NULL END,
  expires_at = CASE WHEN :retryAt IS NULL THEN :now + :retentionMs ELSE expires_at END,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING *;

-- name: taskRelease
-- The worker shut down during the attempt: back to queued at once, and the attempt it never finished
-- does not count (the claim's attempts + 1 is undone).
UPDATE tasks SET status = 'queued', run_at = :now, attempts = max(attempts - 1, 0), started_at = NULL,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING *;

-- name: taskCancelAttempt
UPDATE tasks SET status = 'canceled', error = :error, finished_at = :now, expires_at = :now + :retentionMs,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING *;

-- name: taskCancelRequested
SELECT id FROM tasks
WHERE id IN (SELECT value FROM json_each(:ids)) AND status = 'running' AND cancel_requested = 1;
