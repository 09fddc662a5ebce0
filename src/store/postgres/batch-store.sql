-- The batch part's queries (the store methods of batch-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/batch-store.sql where a query maps to one store method in both.
-- Every write of a dispatch is fenced by the lease token.

-- name: batchCreate
-- $1 id, $2 tenant, $3 key id, $4 admin, $5 requests, $6 total, $7 lease owner, $8 lease token,
-- $9 lease expires at, $10 created at, $11 expires at
INSERT INTO batches (id, tenant, key_id, admin, status, requests, total, lease_owner, lease_token,
                     lease_expires_at, created_at, updated_at, expires_at)
VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9, $10, $10, $11)
RETURNING *;

-- name: batchGet
SELECT * FROM batches WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);

-- name: batchList
-- $1 tenant, $2 statuses, $3 cursor seq, $4 limit
SELECT * FROM batches
WHERE ($1::text IS NULL OR tenant = $1)
  AND ($2::text[] IS NULL OR status = ANY($2::text[]))
  AND ($3::bigint IS NULL OR seq < $3)
ORDER BY seq DESC
LIMIT $4;

-- name: batchResponses
SELECT * FROM batch_responses WHERE batch_id = $1 ORDER BY request_index;

-- name: batchClaim
-- $1 owner, $2 leaseMs, $3 now, $4 limit
WITH picked AS (
  SELECT id FROM batches
  WHERE status = 'accepted' OR (status = 'running' AND lease_expires_at < $3)
  ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED
)
UPDATE batches b SET status = 'running', lease_owner = $1, lease_token = gen_random_uuid()::text,
  lease_expires_at = $3::bigint + $2::bigint, updated_at = $3, version = b.version + 1
FROM picked
WHERE b.id = picked.id
RETURNING b.*;

-- name: batchHeartbeat
-- $1 id, $2 token, $3 leaseMs, $4 now
UPDATE batches SET lease_expires_at = $4::bigint + $3::bigint
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING id;

-- name: batchLeaseHeld
-- Locks the row: a claim by another node waits until this record committed.
SELECT 1 AS ok FROM batches WHERE id = $1 AND lease_token = $2 AND status = 'running' FOR UPDATE;

-- name: batchResponseInsert
-- $1 batch id, $2 indexes, $3 statuses, $4 headers, $5 bodies
INSERT INTO batch_responses (batch_id, request_index, status, headers, body)
SELECT $1, i, s, h, b FROM unnest($2::int[], $3::int[], $4::text[], $5::text[]) AS r(i, s, h, b)
ON CONFLICT DO NOTHING
RETURNING request_index;

-- name: batchTaskLink
INSERT INTO batch_tasks (batch_id, task_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING;

-- name: batchRecordDone
UPDATE batches SET done = done + $2, updated_at = $3, version = version + 1 WHERE id = $1;

-- name: batchDispatched
-- $1 id, $2 token, $3 now
UPDATE batches SET status = 'dispatched', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
  dispatched_at = $3, updated_at = $3, version = version + 1
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING *;

-- name: batchListCompletable
SELECT b.id FROM batches b
WHERE b.status = 'dispatched' AND NOT EXISTS (
  SELECT 1 FROM batch_tasks bt JOIN tasks t ON t.id = bt.task_id
  WHERE bt.batch_id = b.id AND t.status IN ('pending', 'queued', 'running'))
ORDER BY b.seq
LIMIT $1;

-- name: batchComplete
-- $1 id, $2 now
UPDATE batches SET status = 'completed', completed_at = $2, updated_at = $2, version = version + 1
WHERE id = $1 AND status = 'dispatched'
RETURNING *;

-- name: batchCompletedEvent
-- Recorded only when a webhook can receive it (as task events since migration 004), with its outbox row.
-- $1 tenant, $2 batch id, $3 now, $4 data
WITH e AS (
  INSERT INTO task_events (tenant, task_id, type, created_at, data)
  SELECT $1, $2, 'batch.completed', $3, $4::jsonb
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant = $1 AND w.disabled_at IS NULL)
  RETURNING id
)
INSERT INTO task_event_outbox (event_id) SELECT id FROM e;

-- name: batchEventsTake
SELECT e.* FROM task_events e
WHERE e.id IN (
  SELECT o.event_id FROM task_event_outbox o JOIN task_events te ON te.id = o.event_id
  WHERE te.type LIKE 'batch.%'
  ORDER BY o.event_id LIMIT $1 FOR UPDATE OF o SKIP LOCKED)
ORDER BY e.id;

-- name: batchTaskSummary
SELECT t.type, t.status, count(*) AS count,
  count(t.progress_percent) AS reported, coalesce(sum(t.progress_percent), 0) AS reported_percent_sum,
  count(t.started_at) AS started, coalesce(sum($2::bigint - t.started_at), 0)::double precision AS elapsed_ms_sum
FROM batch_tasks bt JOIN tasks t ON t.id = bt.task_id
WHERE bt.batch_id = $1
GROUP BY t.type, t.status;

-- name: batchTaskIds
-- Time-ordered ids: their order is their creation order.
SELECT task_id FROM batch_tasks WHERE batch_id = $1 ORDER BY task_id LIMIT $2;

-- name: batchPurge
-- $1 now, $2 limit
WITH gone AS (
  DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)
  RETURNING id
), r AS (
  DELETE FROM batch_responses WHERE batch_id IN (SELECT id FROM gone)
), t AS (
  DELETE FROM batch_tasks WHERE batch_id IN (SELECT id FROM gone)
)
SELECT count(*) AS n FROM gone;
