-- 003: webhooks, continued. A per-tenant signing secret for callbackUrl deliveries; task.progress
-- events (opt-in per endpoint, throttled); indexes for pruning after webhooks.retentionSeconds.

CREATE TABLE webhook_callback_secrets (
  tenant                      TEXT    PRIMARY KEY,
  secret                      TEXT    NOT NULL,
  previous_secret             TEXT,
  previous_secret_expires_at  INTEGER,
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL
);

-- The latest progress of a running task not yet turned into a task.progress event (last state
-- wins), written by the trigger below in the same transaction as the progress update; the
-- dispatcher's fan-out turns it into an event at most once per webhooks.progressIntervalSeconds
-- per task (`sent_at`). Only tenants with an enabled endpoint that lists task.progress pay for it.
CREATE TABLE task_progress_outbox (
  task_id    TEXT    PRIMARY KEY,
  tenant     TEXT    NOT NULL,
  changed_at INTEGER NOT NULL,
  -- Snapshot of the task row (without input) as JSON; NULL when nothing is pending.
  data       TEXT,
  sent_at    INTEGER
);
CREATE INDEX task_progress_outbox_pending ON task_progress_outbox (changed_at) WHERE data IS NOT NULL;

CREATE TRIGGER tasks_progress_events
AFTER UPDATE OF progress_percent, progress_message, progress_current, progress_total ON tasks
WHEN NEW.status = 'running' AND OLD.status = 'running'
  AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant = NEW.tenant AND w.disabled_at IS NULL
    AND w.event_types LIKE '%"task.progress"%')
BEGIN
  INSERT INTO task_progress_outbox (task_id, tenant, changed_at, data)
  VALUES (NEW.id, NEW.tenant, NEW.updated_at,
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
      'finished_at', NEW.finished_at, 'expires_at', NEW.expires_at, 'version', NEW.version, 'seq', NEW.seq))
  ON CONFLICT (task_id) DO UPDATE SET changed_at = excluded.changed_at, data = excluded.data;
END;

-- Pruning finished deliveries by age.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';
