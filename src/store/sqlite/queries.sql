-- Offload store queries, SQLite dialect. Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: taskInsert
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
  timeout_seconds, max_attempts, callback_url, created_at, updated_at, expires_at)
VALUES (:id, :tenant, :type, :status, :customId, :priority, :inputJson, :metadata, :fingerprint, :runAt,
  :timeoutSeconds, :maxAttempts, :callbackUrl, :createdAt, :createdAt, :expiresAt);

-- name: taskGet
SELECT * FROM tasks WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: taskGetByCustomId
SELECT * FROM tasks WHERE tenant = :tenant AND custom_id = :customId;

-- name: taskList
-- Metadata filter: every key of :metadata must exist on the task with the same value as text.
-- Scoped to one tenant so the (tenant, seq) index drives the page; taskListAnyTenant is the admin view.
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:type IS NULL OR type = :type)
  AND (:customId IS NULL OR custom_id = :customId)
  AND (:createdAfter IS NULL OR created_at > :createdAfter)
  AND (:createdBefore IS NULL OR created_at < :createdBefore)
  AND (:cursor IS NULL OR seq < :cursor)
  AND (:metadata IS NULL OR NOT EXISTS (
    SELECT 1 FROM json_each(:metadata) AS f
    WHERE NOT EXISTS (
      SELECT 1 FROM json_each(tasks.metadata) AS m
      WHERE m.key = f.key
        AND (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) = f.value)))
ORDER BY seq DESC
LIMIT :limit;

-- name: taskListAnyTenant
SELECT * FROM tasks
WHERE (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:type IS NULL OR type = :type)
  AND (:customId IS NULL OR custom_id = :customId)
  AND (:createdAfter IS NULL OR created_at > :createdAfter)
  AND (:createdBefore IS NULL OR created_at < :createdBefore)
  AND (:cursor IS NULL OR seq < :cursor)
  AND (:metadata IS NULL OR NOT EXISTS (
    SELECT 1 FROM json_each(:metadata) AS f
    WHERE NOT EXISTS (
      SELECT 1 FROM json_each(tasks.metadata) AS m
      WHERE m.key = f.key
        AND (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) = f.value)))
ORDER BY seq DESC
LIMIT :limit;

-- name: taskQueueHead
-- The claim order's first :limit entries: one scan of the partial index tasks_queue, no sort.
SELECT priority, run_at AS runAt, seq FROM tasks WHERE status = 'queued' AND type = :type
ORDER BY priority DESC, run_at, seq LIMIT :limit;

-- name: taskVersions
SELECT id, version FROM tasks WHERE id IN (SELECT value FROM json_each(:ids));

-- name: taskCancel
UPDATE tasks SET status = 'canceled', error = :error, finished_at = :now, expires_at = :now + :retentionMs,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskCancelRequest
UPDATE tasks SET cancel_requested = 1, updated_at = :now, version = version + 1
WHERE id = :id AND status = 'running' AND cancel_requested = 0
RETURNING *;

-- name: taskUpdate
UPDATE tasks SET priority = :priority, run_at = :runAt, status = :status, metadata = :metadata,
  callback_url = :callbackUrl, updated_at = :now, version = version + 1
WHERE id = :id AND version = :version AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskRequestDestroy
UPDATE tasks SET cancel_requested = 1, destroy_requested = 1, updated_at = :now, version = version + 1
WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) AND status = 'running'
RETURNING *;

-- name: taskDestroy
DELETE FROM tasks WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) RETURNING *;

-- name: taskDestroyTombstone
INSERT OR REPLACE INTO task_tombstones (id, tenant, reason, at) VALUES (:id, :tenant, :reason, :at);

-- name: taskDestroyLinks
DELETE FROM idempotency_keys WHERE task_id = :id AND tenant = :tenant;

-- name: taskDestroyReservation
DELETE FROM task_reservations WHERE id = :id;

-- name: tombstoneGet
SELECT id, tenant, reason, at FROM task_tombstones WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

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
SELECT seq, priority, run_at AS runAt FROM tasks
WHERE status = 'queued' AND type = :type AND run_at <= :now
ORDER BY priority DESC, run_at, seq
LIMIT :limit;

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
  SELECT seq FROM tasks WHERE status = 'pending' AND run_at <= :now
  ORDER BY run_at LIMIT :limit)
RETURNING id, type;

-- name: taskPromoteDueNext
SELECT min(run_at) AS next FROM tasks WHERE status = 'pending';

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

-- name: taskListDestroyPending
SELECT * FROM tasks WHERE destroy_requested = 1 AND status <> 'running' ORDER BY seq LIMIT :limit;

-- name: taskQueueDepth
-- One branch per active status so each reads its partial index, never the finished history.
SELECT type, 'pending' AS status, count(*) AS count FROM tasks WHERE status = 'pending' GROUP BY type
UNION ALL
SELECT type, 'queued' AS status, count(*) AS count FROM tasks WHERE status = 'queued' GROUP BY type
UNION ALL
SELECT type, 'running' AS status, count(*) AS count FROM tasks WHERE status = 'running' GROUP BY type
ORDER BY type, status;

-- name: typeStatsGet
SELECT type, count, mean_ms FROM type_stats WHERE type = :type;

-- name: typeStatsAll
SELECT type, count, mean_ms FROM type_stats;

-- name: typeStatsUpsert
INSERT INTO type_stats (type, count, mean_ms) VALUES (:type, :count, :meanMs)
ON CONFLICT (type) DO UPDATE SET count = excluded.count, mean_ms = excluded.mean_ms;

-- name: reservationCreate
INSERT INTO task_reservations (id, tenant, expires_at) VALUES (:id, :tenant, :expiresAt);

-- name: reservationTake
DELETE FROM task_reservations WHERE id = :id AND tenant = :tenant AND expires_at > :now RETURNING id;

-- name: reservationPurge
DELETE FROM task_reservations WHERE expires_at <= :now;

-- name: idempotencyGet
SELECT * FROM idempotency_keys WHERE tenant = :tenant AND key = :key;

-- name: idempotencyBegin
-- Also overwrites an expired record: an expired key counts as new.
INSERT INTO idempotency_keys (tenant, key, fingerprint, state, status_code, task_id, outcome, locked_until, expires_at)
VALUES (:tenant, :key, :fingerprint, 'in-flight', NULL, NULL, NULL, :lockedUntil, :expiresAt)
ON CONFLICT (tenant, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in-flight',
  status_code = NULL, task_id = NULL, outcome = NULL, locked_until = excluded.locked_until,
  expires_at = excluded.expires_at;

-- name: idempotencyRelock
UPDATE idempotency_keys SET locked_until = :lockedUntil WHERE tenant = :tenant AND key = :key;

-- name: idempotencyAttach
-- One of :taskId (a task) and :outcome (a bulk submission's item outcomes) is set, the other NULL.
UPDATE idempotency_keys SET task_id = :taskId, outcome = :outcome, status_code = :statusCode
WHERE tenant = :tenant AND key = :key AND state = 'in-flight';

-- name: idempotencyFinish
UPDATE idempotency_keys SET state = 'done', status_code = :statusCode, task_id = :taskId, outcome = :outcome
WHERE tenant = :tenant AND key = :key;

-- name: idempotencyRelease
DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key;

-- name: idempotencyPurge
DELETE FROM idempotency_keys WHERE expires_at <= :now;

-- name: choreLeaseAcquire
-- Take the lease when it is free, expired, or already ours (renewal); otherwise change nothing.
INSERT INTO chore_leases (name, holder, expires_at) VALUES (:name, :holder, :now + :ttlMs)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
  WHERE chore_leases.holder = excluded.holder OR chore_leases.expires_at <= :now
RETURNING holder;

-- name: choreLeaseRelease
DELETE FROM chore_leases WHERE name = :name AND holder = :holder;

-- name: apiKeyCreate
INSERT INTO api_keys (id, tenant, name, hash, admin, created_at, revoked_at, last_used_at)
VALUES (:id, :tenant, :name, :hash, :admin, :createdAt, :revokedAt, :lastUsedAt);

-- name: apiKeyByHash
SELECT id, tenant, name, admin, created_at, revoked_at, last_used_at FROM api_keys WHERE hash = :hash;

-- name: apiKeyList
SELECT id, tenant, name, admin, created_at, revoked_at, last_used_at FROM api_keys
WHERE (:tenant IS NULL OR tenant = :tenant)
ORDER BY created_at, id;

-- name: apiKeyRevoke
UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL RETURNING id;

-- name: apiKeyCount
SELECT count(*) AS n FROM api_keys;
