-- The schedule part's queries (the store methods of schedule-store.ts), PostgreSQL dialect: the
-- same names as ../sqlite/schedule-store.sql where a query maps to one store method in both.

-- name: scheduleCreate
INSERT INTO schedules (id, tenant, cron, timezone, task, overlap, paused_at, next_run_at, last_tick_at,
  last_task_id, ticks, skipped, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);

-- name: scheduleGet
-- $1 tenant (NULL: any), $2 id
SELECT * FROM schedules WHERE id = $2 AND ($1::text IS NULL OR tenant = $1::text);

-- name: scheduleList
-- $1 tenant, $2 after (id), $3 limit
SELECT * FROM schedules
WHERE ($1::text IS NULL OR tenant = $1::text) AND ($2::text IS NULL OR id > $2::text)
ORDER BY id LIMIT $3;

-- name: scheduleSetPaused
-- $1 tenant, $2 id, $3 pausedAt (NULL: resume), $4 nextRunAt (on resume), $5 now
UPDATE schedules SET paused_at = $3::bigint,
  next_run_at = CASE WHEN $3::bigint IS NULL THEN $4::bigint ELSE next_run_at END, updated_at = $5
WHERE id = $2 AND ($1::text IS NULL OR tenant = $1::text)
RETURNING *;

-- name: scheduleDelete
DELETE FROM schedules WHERE id = $2 AND ($1::text IS NULL OR tenant = $1::text) RETURNING id;

-- name: scheduleListDue
SELECT * FROM schedules WHERE paused_at IS NULL AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2;

-- name: scheduleAdvance
-- The compare-and-set that makes a tick one task: a second node waits for the first's row lock,
-- then finds next_run_at moved on and changes nothing.
-- $1 id, $2 expected, $3 nextRunAt, $4 tickAt, $5 taskId (NULL: skipped), $6 now
UPDATE schedules SET next_run_at = $3::bigint, last_tick_at = $4,
  last_task_id = COALESCE($5::text, last_task_id),
  ticks = ticks + CASE WHEN $5::text IS NULL THEN 0 ELSE 1 END,
  skipped = skipped + CASE WHEN $5::text IS NULL THEN 1 ELSE 0 END,
  updated_at = $6
WHERE id = $1 AND next_run_at = $2 AND paused_at IS NULL
RETURNING id;
