-- The batch part's queries (the store methods of batch-store.ts), SQLite dialect: the same names
-- as ../postgres/batch-store.sql where a query maps to one store method in both.
-- Every write of a dispatch is fenced by the lease token.

-- name: batchCreate
INSERT INTO batches (id, tenant, key_id, admin, status, requests, total, lease_owner, lease_token,
  lease_expires_at, created_at, updated_at, expires_at)
VALUES (:id, :tenant, :keyId, :admin, 'running', :requestsJson, :total, :leaseOwner, :leaseToken,
  :leaseExpiresAt, :createdAt, :createdAt, :expiresAt)
RETURNING *;

-- name: batchGet
SELECT * FROM batches WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: batchList
SELECT * FROM batches
WHERE (:tenant IS NULL OR tenant = :tenant)
  AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:cursor IS NULL OR seq < :cursor)
ORDER BY seq DESC
LIMIT :limit;

-- name: batchResponses
SELECT * FROM batch_responses WHERE batch_id = :id ORDER BY request_index;

-- name: batchClaim
UPDATE batches SET status = 'running', lease_owner = :owner, lease_token = lower(hex(randomblob(16))),
  lease_expires_at = :now + :leaseMs, updated_at = :now, version = version + 1
WHERE seq IN (
  SELECT seq FROM batches
  WHERE status = 'accepted' OR (status = 'running' AND lease_expires_at < :now)
  ORDER BY seq LIMIT :limit)
RETURNING *;

-- name: batchHeartbeat
UPDATE batches SET lease_expires_at = :now + :leaseMs
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING id;

-- name: batchLeaseHeld
SELECT 1 AS ok FROM batches WHERE id = :id AND lease_token = :leaseToken AND status = 'running';

-- name: batchResponseInsert
INSERT OR IGNORE INTO batch_responses (batch_id, request_index, status, headers, body)
VALUES (:id, :index, :status, :headersJson, :bodyJson);

-- name: batchTaskLink
INSERT OR IGNORE INTO batch_tasks (batch_id, task_id) SELECT :id, value FROM json_each(:taskIds);

-- name: batchRecordDone
UPDATE batches SET done = done + :added, updated_at = :now, version = version + 1 WHERE id = :id;

-- name: batchDispatched
UPDATE batches SET status = 'dispatched', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
  dispatched_at = :now, updated_at = :now, version = version + 1
WHERE id = :id AND lease_token = :leaseToken AND status = 'running'
RETURNING *;

-- name: batchListCompletable
SELECT b.id FROM batches b
WHERE b.status = 'dispatched' AND NOT EXISTS (
  SELECT 1 FROM batch_tasks bt JOIN tasks t ON t.id = bt.task_id
  WHERE bt.batch_id = b.id AND t.status IN ('pending', 'queued', 'running'))
ORDER BY b.seq
LIMIT :limit;

-- name: batchComplete
UPDATE batches SET status = 'completed', completed_at = :now, updated_at = :now, version = version + 1
WHERE id = :id AND status = 'dispatched'
RETURNING *;

-- name: batchCompletedEvent
-- Recorded only when a webhook can receive it (as task events since migration 004).
INSERT INTO task_events (tenant, task_id, type, created_at, data)
SELECT :tenant, :id, 'batch.completed', :now, :data
WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant = :tenant AND w.disabled_at IS NULL)
RETURNING id;

-- name: batchCompletedOutbox
INSERT INTO task_event_outbox (event_id) VALUES (:eventId);

-- name: batchEventsTake
SELECT e.* FROM task_event_outbox o JOIN task_events e ON e.id = o.event_id
WHERE e.type LIKE 'batch.%'
ORDER BY o.event_id
LIMIT :limit;

-- name: batchTaskSummary
SELECT t.type, t.status, count(*) AS count,
  count(t.progress_percent) AS reported, coalesce(sum(t.progress_percent), 0) AS reported_percent_sum,
  count(t.started_at) AS started, coalesce(sum(:now - t.started_at), 0) AS elapsed_ms_sum
FROM batch_tasks bt JOIN tasks t ON t.id = bt.task_id
WHERE bt.batch_id = :id
GROUP BY t.type, t.status;

-- name: batchTaskIds
-- Time-ordered ids: their order is their creation order.
SELECT task_id FROM batch_tasks WHERE batch_id = :id ORDER BY task_id LIMIT :limit;

-- name: batchPurgeIds
SELECT id FROM batches WHERE expires_at < :now ORDER BY expires_at LIMIT :limit;

-- name: batchPurgeResponses
DELETE FROM batch_responses WHERE batch_id IN (SELECT value FROM json_each(:ids));

-- name: batchPurgeTasks
DELETE FROM batch_tasks WHERE batch_id IN (SELECT value FROM json_each(:ids));

-- name: batchPurgeRows
DELETE FROM batches WHERE id IN (SELECT value FROM json_each(:ids));
