-- 003: webhooks, continued. Mirrors src/store/sqlite/migrations/003_webhook_callbacks_progress.sql:
-- a per-tenant signing secret for callbackUrl deliveries; task.progress events (opt-in per
-- endpoint, throttled); indexes for pruning after webhooks.retentionSeconds.

CREATE TABLE webhook_callback_secrets (
  tenant                      TEXT   PRIMARY KEY,
  secret                      TEXT   NOT NULL,
  previous_secret             TEXT,
  previous_secret_expires_at  BIGINT,
  created_at                  BIGINT NOT NULL,
  updated_at                  BIGINT NOT NULL
);

-- The latest progress of a running task not yet turned into a task.progress event (last state
-- wins), written by the trigger below in the same transaction as the progress update; the
-- dispatcher's fan-out turns it into an event at most once per webhooks.progressIntervalSeconds
-- per task (`sent_at`). Only tenants with an enabled endpoint that lists task.progress pay for it.
CREATE TABLE task_progress_outbox (
  task_id    TEXT   PRIMARY KEY,
  tenant     TEXT   NOT NULL,
  changed_at BIGINT NOT NULL,
  -- Snapshot of the task row (without input); NULL when nothing is pending.
  data       JSONB,
  sent_at    BIGINT
);
CREATE INDEX task_progress_outbox_pending_idx ON task_progress_outbox (changed_at) WHERE data IS NOT NULL;

CREATE FUNCTION offload_task_progress_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- (A trigger's WHEN cannot hold a subquery: the endpoint check is here.)
  IF EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant = NEW.tenant AND w.disabled_at IS NULL
      AND w.event_types ? 'task.progress') THEN
    INSERT INTO task_progress_outbox (task_id, tenant, changed_at, data)
    VALUES (NEW.id, NEW.tenant, NEW.updated_at, jsonb_set(to_jsonb(NEW) - 'lease_token', '{input}', '"{}"'))
    ON CONFLICT (task_id) DO UPDATE SET changed_at = EXCLUDED.changed_at, data = EXCLUDED.data;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_progress_events
AFTER UPDATE OF progress_percent, progress_message, progress_current, progress_total ON tasks
FOR EACH ROW
WHEN (NEW.status = 'running' AND OLD.status = 'running')
EXECUTE FUNCTION offload_task_progress_event();

-- Pruning finished deliveries by age.
CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (updated_at) WHERE status <> 'pending';
