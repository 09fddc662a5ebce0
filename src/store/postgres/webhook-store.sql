-- Webhook queries, PostgreSQL dialect (the methods of webhook-store.ts): the same names as
-- ../sqlite/webhook-store.sql where a query maps to one store method in both.

-- name: taskEventsTake
-- Outbox rows locked until the fan-out transaction commits; a concurrent taker skips them.
-- Task events only: batch events (batch-store.sql batchEventsTake) share the table and the outbox.
SELECT e.* FROM task_events e
WHERE e.id IN (
  SELECT o.event_id FROM task_event_outbox o JOIN task_events te ON te.id = o.event_id
  WHERE te.type LIKE 'task.%'
  ORDER BY o.event_id LIMIT $1 FOR UPDATE OF o SKIP LOCKED)
ORDER BY e.id;

-- name: taskEventsList
SELECT * FROM task_events
WHERE task_id = $1 AND ($2::text IS NULL OR tenant = $2) AND id > $3 AND type <> 'task.progress'
ORDER BY id
LIMIT $4;

-- name: taskEventOutboxDelete
DELETE FROM task_event_outbox WHERE event_id = ANY($1::bigint[]);

-- name: webhookEndpointCreate
INSERT INTO webhook_endpoints (id, tenant, url, description, event_types, secret, previous_secret,
  previous_secret_expires_at, created_at, updated_at, disabled_at, disabled_reason)
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12);

-- name: webhookEndpointGet
SELECT * FROM webhook_endpoints WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);

-- name: webhookEndpointGetForUpdate
SELECT * FROM webhook_endpoints WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) FOR UPDATE;

-- name: webhookEndpointList
SELECT * FROM webhook_endpoints
WHERE tenant = $1 AND (NOT $2::boolean OR disabled_at IS NULL)
ORDER BY created_at, id;

-- name: webhookEndpointUpdate
UPDATE webhook_endpoints SET
  url = $3, description = $4, event_types = $5::jsonb, secret = $6, previous_secret = $7,
  previous_secret_expires_at = $8, disabled_at = $9, disabled_reason = $10, updated_at = $11
WHERE id = $1 AND tenant = $2
RETURNING *;

-- name: webhookEndpointDelete
DELETE FROM webhook_endpoints WHERE id = $1 AND tenant = $2 RETURNING id;

-- name: webhookDeliveryCreateMany
INSERT INTO webhook_deliveries (id, tenant, event_id, task_id, endpoint_id, target, url, message_id,
  event_type, payload, status, attempts, next_attempt_at, created_at, updated_at)
SELECT d.id, d.tenant, d.event_id, d.task_id, d.endpoint_id, COALESCE(d.endpoint_id, 'callback'), d.url,
  d.message_id, d.event_type, d.payload, 'pending', 0, d.created_at, d.created_at, d.created_at
FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::bigint[]) AS d(id, tenant, event_id, task_id, endpoint_id, url, message_id, event_type, payload, created_at)
ON CONFLICT (event_id, target) DO NOTHING;

-- name: webhookDeliveryDue
UPDATE webhook_deliveries SET next_attempt_at = $1 + $3
WHERE id IN (
  SELECT id FROM webhook_deliveries
  WHERE status = 'pending' AND next_attempt_at <= $1
  ORDER BY next_attempt_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED)
RETURNING *;

-- name: webhookDeliveryRecordAttempt
WITH attempt AS (
  INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error)
  VALUES ($1, $2, $3, $4, $5)
)
UPDATE webhook_deliveries SET
  attempts = attempts + 1,
  status = CASE WHEN $6::boolean THEN 'delivered' WHEN $7::bigint IS NULL THEN 'failed' ELSE 'pending' END,
  next_attempt_at = CASE WHEN $6::boolean THEN NULL ELSE $7::bigint END,
  last_status_code = $3,
  last_error = $5,
  delivered_at = CASE WHEN $6::boolean THEN $2 ELSE delivered_at END,
  updated_at = $2
WHERE id = $1;

-- name: webhookDeliveryList
SELECT * FROM webhook_deliveries
WHERE tenant = $1 AND endpoint_id = $2
ORDER BY created_at DESC, id DESC
LIMIT $3;

-- name: webhookAttemptList
SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY id;

-- name: webhookDeliveryRedeliver
UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4, updated_at = $4
WHERE id = $1 AND tenant = $2 AND endpoint_id = $3
RETURNING *;

-- name: taskProgressTake
-- Pending progress rows locked (SKIP LOCKED) until the fan-out commits; a progress update meanwhile
-- waits for the row and then leaves its newer state pending. Progress of a task no longer running
-- is dropped.
WITH due AS (
  SELECT p.task_id, p.tenant, p.changed_at, p.data FROM task_progress_outbox p
  WHERE p.data IS NOT NULL AND (p.sent_at IS NULL OR p.sent_at <= $1::bigint - $2::bigint)
  ORDER BY p.changed_at
  LIMIT $3
  FOR UPDATE SKIP LOCKED
), running AS (
  SELECT due.* FROM due JOIN tasks t ON t.id = due.task_id WHERE t.status = 'running'
), cleared AS (
  UPDATE task_progress_outbox p
  SET data = NULL, sent_at = CASE WHEN p.task_id IN (SELECT task_id FROM running) THEN $1::bigint ELSE p.sent_at END
  FROM due WHERE p.task_id = due.task_id
), inserted AS (
  INSERT INTO task_events (tenant, task_id, type, created_at, data)
  SELECT tenant, task_id, 'task.progress', changed_at, data FROM running ORDER BY changed_at
  RETURNING *
)
SELECT * FROM inserted ORDER BY id;

-- name: webhookCallbackSecretGet
SELECT * FROM webhook_callback_secrets WHERE tenant = $1;

-- name: webhookCallbackSecretPut
INSERT INTO webhook_callback_secrets (tenant, secret, previous_secret, previous_secret_expires_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (tenant) DO UPDATE SET secret = EXCLUDED.secret, previous_secret = EXCLUDED.previous_secret,
  previous_secret_expires_at = EXCLUDED.previous_secret_expires_at, updated_at = EXCLUDED.updated_at;

-- name: webhookPrune
WITH events AS (
  DELETE FROM task_events WHERE id IN (
    SELECT e.id FROM task_events e
    WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM task_event_outbox o WHERE o.event_id = e.id)
    ORDER BY e.id
    LIMIT $2)
  RETURNING 1
), deliveries AS (
  DELETE FROM webhook_deliveries WHERE id IN (
    SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1 LIMIT $2)
  RETURNING id
), attempts AS (
  DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM deliveries)
  RETURNING 1
), progress AS (
  DELETE FROM task_progress_outbox WHERE task_id IN (
    SELECT task_id FROM task_progress_outbox WHERE data IS NULL AND COALESCE(sent_at, changed_at) < $1 LIMIT $2)
  RETURNING 1
)
SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM deliveries)::int AS deliveries,
  (SELECT count(*) FROM attempts)::int AS attempts, (SELECT count(*) FROM progress)::int AS progress;
