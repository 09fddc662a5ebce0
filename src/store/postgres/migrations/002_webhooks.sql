-- 002: webhooks. Mirrors src/store/sqlite/migrations/002_webhooks.sql. Task events (outbox) are
-- written by a trigger in the same transaction as the status change, so an event exists exactly
-- when the change committed; endpoints; deliveries and attempts.

CREATE TABLE task_events (
  id         BIGSERIAL PRIMARY KEY,
  tenant     TEXT   NOT NULL,
  task_id    TEXT   NOT NULL,
  type       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  -- Snapshot of the task row (without input), taken by the trigger.
  data       JSONB  NOT NULL
);
CREATE INDEX task_events_task_idx ON task_events (task_id, id);

-- Events not yet fanned out. A queue, not a cursor: BIGSERIAL ids commit out of order, and a
-- cursor would skip an event whose transaction committed after a later id's.
CREATE TABLE task_event_outbox (
  event_id BIGINT PRIMARY KEY
);

CREATE FUNCTION offload_task_status_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_id BIGINT;
BEGIN
  INSERT INTO task_events (tenant, task_id, type, created_at, data)
  VALUES (NEW.tenant, NEW.id,
    CASE NEW.status WHEN 'running' THEN 'task.started' ELSE 'task.' || NEW.status END,
    NEW.updated_at,
    jsonb_set(to_jsonb(NEW) - 'lease_token', '{input}', '"{}"'))
  RETURNING id INTO new_id;
  INSERT INTO task_event_outbox (event_id) VALUES (new_id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_status_events AFTER UPDATE OF status ON tasks
FOR EACH ROW
WHEN (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('running', 'succeeded', 'failed', 'canceled'))
EXECUTE FUNCTION offload_task_status_event();

CREATE TABLE webhook_endpoints (
  id                          TEXT   PRIMARY KEY,
  tenant                      TEXT   NOT NULL,
  url                         TEXT   NOT NULL,
  description                 TEXT,
  -- Array of event types, or NULL for every type.
  event_types                 JSONB,
  secret                      TEXT   NOT NULL,
  previous_secret             TEXT,
  previous_secret_expires_at  BIGINT,
  created_at                  BIGINT NOT NULL,
  updated_at                  BIGINT NOT NULL,
  disabled_at                 BIGINT,
  disabled_reason             TEXT
);
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant, created_at);

CREATE TABLE webhook_deliveries (
  id               TEXT    PRIMARY KEY,
  tenant           TEXT    NOT NULL,
  event_id         BIGINT  NOT NULL,
  task_id          TEXT    NOT NULL,
  endpoint_id      TEXT,
  target           TEXT    NOT NULL,
  url              TEXT    NOT NULL,
  message_id       TEXT    NOT NULL,
  event_type       TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  status           TEXT    NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT,
  last_status_code INTEGER,
  last_error       TEXT,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL,
  delivered_at     BIGINT,
  CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
  CONSTRAINT webhook_deliveries_event_target_key UNIQUE (event_id, target)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
  id           BIGSERIAL PRIMARY KEY,
  delivery_id  TEXT    NOT NULL,
  attempted_at BIGINT  NOT NULL,
  status_code  INTEGER,
  latency_ms   INTEGER NOT NULL,
  error        TEXT
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
