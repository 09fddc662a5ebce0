-- 002: webhooks. Task events (outbox) written by a trigger in the same transaction as the status
-- change, so an event exists exactly when the change committed; endpoints; deliveries and attempts.

CREATE TABLE task_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant     TEXT    NOT NULL,
  task_id    TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  -- Snapshot of the task row (without input) as JSON, taken by the trigger.
  data       TEXT    NOT NULL
);
CREATE INDEX task_events_task ON task_events (task_id, id);

-- Events not yet fanned out to deliveries. A queue rather than a cursor: on PostgreSQL ids can
-- commit out of order, and a cursor would skip the late one.
CREATE TABLE task_event_outbox (
  event_id INTEGER PRIMARY KEY
);

CREATE TRIGGER tasks_status_events AFTER UPDATE OF status ON tasks
WHEN NEW.status <> OLD.status AND NEW.status IN ('running', 'succeeded', 'failed', 'canceled')
BEGIN
  INSERT INTO task_events (tenant, task_id, type, created_at, data)
  VALUES (NEW.tenant, NEW.id,
    CASE NEW.status WHEN 'running' THEN 'task.started' ELSE 'task.' || NEW.status END,
    NEW.updated_at,
    json_object(
      'id', NEW.id, 'tenant', NEW.tenant, 'type', NEW.type, 'status', NEW.status, 'custom_id', NEW.custom_id,
      'priority', NEW.priority, 'input', '{}', 'metadata', NEW.metadata, 'fingerprint', NEW.fingerprint,
      'run_at', NEW.run_at, 'timeout_seconds', NEW.timeout_seconds, 'max_attempts', NEW.max_attempts,
      'attempts', NEW.attempts, 'lease_token', NULL, 'lease_expires_at', NULL, 'worker_id', NEW.worker_id,
      'cancel_requested', NEW.cancel_requested, 'destroy_requested', NEW.destroy_requested,
      'progress_percent', NEW.progress_percent, 'progress_message', NEW.progress_message,
      'progress_current', NEW.progress_current, 'progress_total', NEW.progress_total,
      'result', NEW.result, 'error', NEW.error, 'callback_url', NEW.callback_url,
      'created_at', NEW.created_at, 'started_at', NEW.started_at, 'updated_at', NEW.updated_at,
      'finished_at', NEW.finished_at, 'expires_at', NEW.expires_at, 'version', NEW.version, 'seq', NEW.seq));
  INSERT INTO task_event_outbox (event_id) VALUES (last_insert_rowid());
END;

CREATE TABLE webhook_endpoints (
  id                          TEXT    PRIMARY KEY,
  tenant                      TEXT    NOT NULL,
  url                         TEXT    NOT NULL,
  description                 TEXT,
  -- JSON array of event types, or NULL for every type.
  event_types                 TEXT,
  secret                      TEXT    NOT NULL,
  previous_secret             TEXT,
  previous_secret_expires_at  INTEGER,
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL,
  disabled_at                 INTEGER,
  disabled_reason             TEXT
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant, created_at);

CREATE TABLE webhook_deliveries (
  id              TEXT    PRIMARY KEY,
  tenant          TEXT    NOT NULL,
  event_id        INTEGER NOT NULL,
  task_id         TEXT    NOT NULL,
  -- The endpoint's id, or NULL for the task's callbackUrl (then `url` is the target).
  endpoint_id     TEXT,
  target          TEXT    NOT NULL,
  url             TEXT    NOT NULL,
  message_id      TEXT    NOT NULL,
  event_type      TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  UNIQUE (event_id, target)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id  TEXT    NOT NULL,
  attempted_at INTEGER NOT NULL,
  status_code  INTEGER,
  latency_ms   INTEGER NOT NULL,
  error        TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
