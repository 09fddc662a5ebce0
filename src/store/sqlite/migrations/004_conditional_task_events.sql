-- 004: task events are recorded only when a webhook can receive them: the task has a callbackUrl, or
-- its tenant has an enabled endpoint (at the time of the change). Writing every status change of
-- every task (a JSON snapshot, an indexed event row and an outbox row, twice per task) was most of a
-- worker's database cost (claiming and completing no-op tasks through the store: ~3.5x faster
-- without it). An endpoint receives the events of changes made after it exists. The event stream (GET /v1/tasks/{id}/events) follows the task row itself and replays
-- stored events only where they exist.

DROP TRIGGER tasks_status_events;

CREATE TRIGGER tasks_status_events AFTER UPDATE OF status ON tasks
WHEN NEW.status <> OLD.status AND NEW.status IN ('running', 'succeeded', 'failed', 'canceled')
  AND (NEW.callback_url IS NOT NULL
    OR EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant = NEW.tenant AND w.disabled_at IS NULL))
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
