-- 004: task events are recorded only when a webhook can receive them: the task has a callbackUrl, or
-- its tenant has an enabled endpoint (at the time of the change). Writing every status change of
-- every task (a JSONB snapshot, an indexed event row and an outbox row, twice per task) was most of
-- a worker's database cost. An endpoint receives the events of changes made after it exists. The
-- event stream (GET /v1/tasks/{id}/events) follows the task row itself, not these events.

CREATE OR REPLACE FUNCTION offload_task_status_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_id BIGINT;
BEGIN
  -- (A trigger's WHEN cannot hold a subquery: the endpoint check is here.)
  IF NEW.callback_url IS NULL AND NOT EXISTS (
      SELECT 1 FROM webhook_endpoints w WHERE w.tenant = NEW.tenant AND w.disabled_at IS NULL) THEN
    RETURN NULL;
  END IF;
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
