-- Webhook queries, SQLite dialect (the methods of webhook-store.ts): the same names as
-- ../postgres/webhook-store.sql where a query maps to one store method in both.

-- name: taskEventsTake
-- Task events only: batch events (batch-store.sql batchEventsTake) share the table and the outbox.
SELECT e.* FROM task_event_outbox o JOIN task_events e ON e.id = o.event_id
WHERE e.type LIKE 'task.%'
ORDER BY o.event_id
LIMIT :limit;

-- name: taskEventsList
SELECT * FROM task_events
WHERE task_id = :taskId AND (:tenant IS NULL OR tenant = :tenant) AND id > :afterId AND type <> 'task.progress'
ORDER BY id
LIMIT :limit;

-- name: taskEventOutboxDelete
DELETE FROM task_event_outbox WHERE event_id = :eventId;

-- name: webhookEndpointCreate
INSERT INTO webhook_endpoints (id, tenant, url, description, event_types, secret, previous_secret,
  previous_secret_expires_at, created_at, updated_at, disabled_at, disabled_reason)
VALUES (:id, :tenant, :url, :description, :eventTypes, :secret, :previousSecret,
  :previousSecretExpiresAt, :createdAt, :updatedAt, :disabledAt, :disabledReason);

-- name: webhookEndpointGet
SELECT * FROM webhook_endpoints WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: webhookEndpointList
SELECT * FROM webhook_endpoints
WHERE tenant = :tenant AND (:enabledOnly = 0 OR disabled_at IS NULL)
ORDER BY created_at, id;

-- name: webhookEndpointUpdate
UPDATE webhook_endpoints SET
  url = :url, description = :description, event_types = :eventTypes, secret = :secret,
  previous_secret = :previousSecret, previous_secret_expires_at = :previousSecretExpiresAt,
  disabled_at = :disabledAt, disabled_reason = :disabledReason, updated_at = :now
WHERE id = :id
RETURNING *;

-- name: webhookEndpointDelete
DELETE FROM webhook_endpoints WHERE id = :id AND tenant = :tenant RETURNING id;

-- name: webhookDeliveryCreate
INSERT INTO webhook_deliveries (id, tenant, event_id, task_id, endpoint_id, target, url, message_id,
  event_type, payload, status, attempts, next_attempt_at, created_at, updated_at)
VALUES (:id, :tenant, :eventId, :taskId, :endpointId, :target, :url, :messageId,
  :eventType, :payload, 'pending', 0, :createdAt, :createdAt, :createdAt)
ON CONFLICT (event_id, target) DO NOTHING;

-- name: webhookDeliveryDue
-- SQLite has no SKIP LOCKED: the claim holds the write lock for this one statement.
UPDATE webhook_deliveries SET next_attempt_at = :now + :leaseMs
WHERE id IN (
  SELECT id FROM webhook_deliveries
  WHERE status = 'pending' AND next_attempt_at <= :now
  ORDER BY next_attempt_at
  LIMIT :limit)
RETURNING *;

-- name: webhookAttemptInsert
INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error)
VALUES (:id, :now, :statusCode, :latencyMs, :error);

-- name: webhookDeliveryRecord
UPDATE webhook_deliveries SET
  attempts = attempts + 1,
  status = CASE WHEN :delivered = 1 THEN 'delivered' WHEN :nextAttemptAt IS NULL THEN 'failed' ELSE 'pending' END,
  next_attempt_at = CASE WHEN :delivered = 1 THEN NULL ELSE :nextAttemptAt END,
  last_status_code = :statusCode,
  last_error = :error,
  delivered_at = CASE WHEN :delivered = 1 THEN :now ELSE delivered_at END,
  updated_at = :now
WHERE id = :id;

-- name: webhookDeliveryList
SELECT * FROM webhook_deliveries
WHERE tenant = :tenant AND endpoint_id = :endpointId
ORDER BY created_at DESC, id DESC
LIMIT :limit;

-- name: webhookAttemptList
SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(:ids)) ORDER BY id;

-- name: webhookDeliveryRedeliver
UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now, updated_at = :now
WHERE id = :id AND tenant = :tenant AND endpoint_id = :endpointId
RETURNING *;

-- name: taskProgressDue
SELECT p.task_id, p.tenant, p.changed_at, p.data, t.status AS task_status
FROM task_progress_outbox p LEFT JOIN tasks t ON t.id = p.task_id
WHERE p.data IS NOT NULL AND (p.sent_at IS NULL OR p.sent_at <= :now - :intervalMs)
ORDER BY p.changed_at
LIMIT :limit;

-- name: taskProgressEventInsert
INSERT INTO task_events (tenant, task_id, type, created_at, data)
VALUES (:tenant, :taskId, 'task.progress', :createdAt, :data)
RETURNING *;

-- name: taskProgressMarkSent
UPDATE task_progress_outbox SET data = NULL, sent_at = :now WHERE task_id = :taskId;

-- name: taskProgressDrop
UPDATE task_progress_outbox SET data = NULL WHERE task_id = :taskId;

-- name: webhookCallbackSecretGet
SELECT * FROM webhook_callback_secrets WHERE tenant = :tenant;

-- name: webhookCallbackSecretPut
INSERT INTO webhook_callback_secrets (tenant, secret, previous_secret, previous_secret_expires_at, created_at, updated_at)
VALUES (:tenant, :secret, :previousSecret, :previousSecretExpiresAt, :createdAt, :updatedAt)
ON CONFLICT (tenant) DO UPDATE SET secret = excluded.secret, previous_secret = excluded.previous_secret,
  previous_secret_expires_at = excluded.previous_secret_expires_at, updated_at = excluded.updated_at;

-- name: webhookPruneEvents
DELETE FROM task_events WHERE id IN (
  SELECT e.id FROM task_events e
  WHERE e.created_at < :before AND NOT EXISTS (SELECT 1 FROM task_event_outbox o WHERE o.event_id = e.id)
  ORDER BY e.id
  LIMIT :limit);

-- name: webhookPruneDeliveries
DELETE FROM webhook_deliveries WHERE id IN (
  SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < :before LIMIT :limit)
RETURNING id;

-- name: webhookPruneAttempts
DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(:ids));

-- name: webhookPruneProgress
DELETE FROM task_progress_outbox WHERE task_id IN (
  SELECT task_id FROM task_progress_outbox
  WHERE data IS NULL AND COALESCE(sent_at, changed_at) < :before
  LIMIT :limit);
