-- The schedule part's queries (the store methods of schedule-store.ts), SQLite dialect: the same
-- names as ../postgres/schedule-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys).

-- name: scheduleCreate
INSERT INTO schedules (id, tenant, cron, timezone, task, overlap, paused_at, next_run_at, last_tick_at,
  last_task_id, ticks, skipped, created_at, updated_at)
VALUES (:id, :tenant, :cron, :timezone, :taskJson, :overlap, :pausedAt, :nextRunAt, :lastTickAt,
  :lastTaskId, :ticks, :skipped, :createdAt, :updatedAt);

-- name: scheduleGet
SELECT * FROM schedules WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: scheduleList
SELECT * FROM schedules
WHERE (:tenant IS NULL OR tenant = :tenant) AND (:after IS NULL OR id > :after)
ORDER BY id LIMIT :limit;

-- name: scheduleSetPaused
UPDATE schedules SET paused_at = :pausedAt,
  next_run_at = CASE WHEN :pausedAt IS NULL THEN :nextRunAt ELSE next_run_at END, updated_at = :now
WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant)
RETURNING *;

-- name: scheduleDelete
DELETE FROM schedules WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) RETURNING id;

-- name: scheduleListDue
SELECT * FROM schedules WHERE paused_at IS NULL AND next_run_at <= :now ORDER BY next_run_at LIMIT :limit;

-- name: scheduleAdvance
-- The compare-and-set that makes a tick one task: only the caller that read `expected` moves it on.
UPDATE schedules SET next_run_at = :nextRunAt, last_tick_at = :tickAt,
  last_task_id = coalesce(:taskId, last_task_id),
  ticks = ticks + CASE WHEN :taskId IS NULL THEN 0 ELSE 1 END,
  skipped = skipped + CASE WHEN :taskId IS NULL THEN 1 ELSE 0 END,
  updated_at = :now
WHERE id = :id AND next_run_at = :expected AND paused_at IS NULL
RETURNING id;
