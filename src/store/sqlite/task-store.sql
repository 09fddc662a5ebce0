-- The task part's queries (the store methods of task-store.ts), SQLite dialect: the same
-- names as ../postgres/task-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: taskInsert
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
  timeout_seconds, max_attempts, callback_url, created_at, updated_at, expires_at)
VALUES (:id, :tenant, :type, :status, :customId, :priority, :inputJson, :metadata, :fingerprint, :runAt,
  :timeoutSeconds, :maxAttempts, :callbackUrl, :createdAt, :createdAt, :expiresAt);

-- name: taskHoldFiles
-- The files a new task holds (NewTask.heldFiles): ready files of its tenant; other ids hold nothing.
INSERT OR IGNORE INTO file_holds (file_id, task_id)
SELECT id, :taskId FROM files WHERE id IN (SELECT value FROM json_each(:fileIds)) AND tenant = :tenant AND state = 'ready';

-- name: taskGet
SELECT * FROM tasks WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: taskGetByCustomId
SELECT * FROM tasks WHERE tenant = :tenant AND custom_id = :customId;

-- name: taskList
-- Metadata filter: every key of :metadata must exist on the task with the same value as text.
-- Scoped to one tenant so the (tenant, seq) index drives the page; taskListAnyTenant is the admin view.
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:type IS NULL OR type = :type)
  AND (:customId IS NULL OR custom_id = :customId)
  AND (:createdAfter IS NULL OR created_at > :createdAfter)
  AND (:createdBefore IS NULL OR created_at < :createdBefore)
  AND (:cursor IS NULL OR seq < :cursor)
  AND (:metadata IS NULL OR NOT EXISTS (
    SELECT 1 FROM json_each(:metadata) AS f
    WHERE NOT EXISTS (
      SELECT 1 FROM json_each(tasks.metadata) AS m
      WHERE m.key = f.key
        AND (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) = f.value)))
ORDER BY seq DESC
LIMIT :limit;

-- name: taskListAnyTenant
SELECT * FROM tasks
WHERE (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:type IS NULL OR type = :type)
  AND (:customId IS NULL OR custom_id = :customId)
  AND (:createdAfter IS NULL OR created_at > :createdAfter)
  AND (:createdBefore IS NULL OR created_at < :createdBefore)
  AND (:cursor IS NULL OR seq < :cursor)
  AND (:metadata IS NULL OR NOT EXISTS (
    SELECT 1 FROM json_each(:metadata) AS f
    WHERE NOT EXISTS (
      SELECT 1 FROM json_each(tasks.metadata) AS m
      WHERE m.key = f.key
        AND (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) = f.value)))
ORDER BY seq DESC
LIMIT :limit;

-- name: taskQueueHead
-- The claim order's first :limit entries: one scan of the partial index tasks_queue, no sort.
SELECT priority, run_at AS runAt, seq FROM tasks WHERE status = 'queued' AND type = :type
ORDER BY priority DESC, run_at, seq LIMIT :limit;

-- name: taskRunningOf
-- Running attempts of one type (a few: at most the workers' concurrency), oldest first.
SELECT started_at AS startedAt, progress_percent AS percent, timeout_seconds AS timeoutSeconds
FROM tasks WHERE status = 'running' AND type = :type ORDER BY started_at LIMIT :limit;

-- name: taskVersions
SELECT id, version FROM tasks WHERE id IN (SELECT value FROM json_each(:ids));

-- name: taskCancel
UPDATE tasks SET status = 'canceled', error = :error, finished_at = :now, expires_at = :now + :retentionMs,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE id = :id AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskCancelRequest
UPDATE tasks SET cancel_requested = 1, updated_at = :now, version = version + 1
WHERE id = :id AND status = 'running' AND cancel_requested = 0
RETURNING *;

-- name: taskUpdate
UPDATE tasks SET priority = :priority, run_at = :runAt, status = :status, metadata = :metadata,
  callback_url = :callbackUrl, updated_at = :now, version = version + 1
WHERE id = :id AND version = :version AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskRequestDestroy
UPDATE tasks SET cancel_requested = 1, destroy_requested = 1, updated_at = :now, version = version + 1
WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) AND status = 'running'
RETURNING *;

-- name: taskDestroy
DELETE FROM tasks WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) RETURNING *;

-- name: taskDestroyTombstone
INSERT OR REPLACE INTO task_tombstones (id, tenant, reason, at) VALUES (:id, :tenant, :reason, :at);

-- name: taskDestroyLinks
DELETE FROM idempotency_keys WHERE task_id = :id AND tenant = :tenant;

-- name: taskDestroyReservation
DELETE FROM task_reservations WHERE id = :id;

-- name: tombstoneGet
SELECT id, tenant, reason, at FROM task_tombstones WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);
