-- The task part's queries (the store methods of task-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/task-store.sql where a query maps to one store method in both, method
-- name + suffix where a method needs several.
-- No statement NOTIFYs: a transaction that did commits under a database-wide lock, serializing every
-- writer. The store announces committed changes itself, batched (notifications.ts).

-- name: taskInsert
-- $1..$15 = row-mapping.ts taskInsertParams. A clash with an existing id or (tenant, custom id) inserts
-- nothing instead of failing, so a caller's transaction needs no savepoint around it (two round trips
-- fewer per submit); no row back = conflict. Only the generated seq comes back (the caller has the rest).
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                   timeout_seconds, max_attempts, callback_url, created_at, expires_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $14)
ON CONFLICT DO NOTHING
RETURNING seq;

-- name: taskInsertMany
-- Parallel arrays, one per column of taskInsert; one statement, all or nothing.
-- Only the generated seq comes back (the caller has the rest).
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                   timeout_seconds, max_attempts, callback_url, created_at, expires_at, updated_at)
SELECT id, tenant, type, status, custom_id, priority, input, metadata::jsonb, fingerprint, run_at,
       timeout_seconds, max_attempts, callback_url, created_at, expires_at, created_at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
            $9::text[], $10::bigint[], $11::int[], $12::int[], $13::text[], $14::bigint[], $15::bigint[])
     WITH ORDINALITY AS u(id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                          timeout_seconds, max_attempts, callback_url, created_at, expires_at, ord)
ORDER BY ord
RETURNING id, seq;

-- name: taskInsertHolding
-- taskInsert for a task holding files (NewTask.heldFiles, $16): the holds in the same statement, on
-- ready files of its tenant, locked FOR SHARE so a concurrent delete waits (see fileDeleteLock).
WITH ins AS (
  INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                     timeout_seconds, max_attempts, callback_url, created_at, expires_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $14)
  ON CONFLICT DO NOTHING
  RETURNING id, tenant, seq
), holds AS (
  INSERT INTO file_holds (file_id, task_id)
  SELECT f.id, ins.id FROM ins JOIN files f ON f.tenant = ins.tenant AND f.id = ANY($16::text[]) AND f.state = 'ready'
  FOR SHARE OF f
)
SELECT seq FROM ins;

-- name: taskInsertManyHolding
-- taskInsertMany with holds: $16/$17 are parallel arrays (task id, file id), one entry per hold.
WITH ins AS (
  INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                     timeout_seconds, max_attempts, callback_url, created_at, expires_at, updated_at)
  SELECT id, tenant, type, status, custom_id, priority, input, metadata::jsonb, fingerprint, run_at,
         timeout_seconds, max_attempts, callback_url, created_at, expires_at, created_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
              $9::text[], $10::bigint[], $11::int[], $12::int[], $13::text[], $14::bigint[], $15::bigint[])
       WITH ORDINALITY AS u(id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                            timeout_seconds, max_attempts, callback_url, created_at, expires_at, ord)
  ORDER BY ord
  RETURNING id, tenant, seq
), holds AS (
  INSERT INTO file_holds (file_id, task_id)
  SELECT f.id, ins.id
  FROM unnest($16::text[], $17::text[]) AS h(task_id, file_id)
  JOIN ins ON ins.id = h.task_id
  JOIN files f ON f.id = h.file_id AND f.tenant = ins.tenant AND f.state = 'ready'
  FOR SHARE OF f
)
SELECT id, seq FROM ins;

-- name: taskInsertConflictsExisting
-- After a unique violation: which of the batch's ids / (tenant, custom id) pairs already exist.
SELECT id, tenant, custom_id FROM tasks
WHERE id = ANY($1::text[])
   OR (custom_id IS NOT NULL AND (tenant, custom_id) IN (SELECT * FROM unnest($2::text[], $3::text[])));

-- name: taskGet
SELECT * FROM tasks WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);

-- name: taskGetForUpdate
SELECT * FROM tasks WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) FOR UPDATE;

-- name: taskGetByCustomId
SELECT * FROM tasks WHERE tenant = $1 AND custom_id = $2;

-- name: taskList
-- Optional filters are NULL when absent. Metadata: every given key must equal the value as text.
SELECT * FROM tasks t
WHERE ($1::text IS NULL OR t.tenant = $1)
  AND ($2::text[] IS NULL OR t.status = ANY($2::text[]))
  AND ($3::text IS NULL OR t.type = $3)
  AND ($4::text IS NULL OR t.custom_id = $4)
  AND ($5::bigint IS NULL OR t.created_at > $5)
  AND ($6::bigint IS NULL OR t.created_at < $6)
  AND ($7::jsonb IS NULL OR NOT EXISTS (
        SELECT 1 FROM jsonb_each_text($7::jsonb) f WHERE (t.metadata ->> f.key) IS DISTINCT FROM f.value))
  AND ($8::bigint IS NULL OR t.seq < $8)
ORDER BY t.seq DESC
LIMIT $9;

-- name: taskQueueHead
-- The claim order's first $2 entries of one type: one bounded scan of the partial index tasks_queue_idx.
SELECT priority, run_at, seq FROM tasks WHERE status = 'queued' AND type = $1
ORDER BY priority DESC, run_at, seq LIMIT $2;

-- name: taskRunningOf
-- Running attempts of one type (a few: at most the workers' concurrency), oldest first.
SELECT started_at, progress_percent, timeout_seconds FROM tasks
WHERE status = 'running' AND type = $1 ORDER BY started_at LIMIT $2;

-- name: taskVersions
SELECT id, version FROM tasks WHERE id = ANY($1::text[]);

-- name: taskCancel
-- pending/queued → canceled. $1 id, $2 error, $3 now, $4 retentionMs
UPDATE tasks SET status = 'canceled', error = $2::jsonb, finished_at = $3, expires_at = $3::bigint + $4::bigint,
                 lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $3
WHERE id = $1
RETURNING *;

-- name: taskCancelRequest
-- running → cancel requested; the runner sees it on its next heartbeat.
UPDATE tasks SET cancel_requested = true, version = version + 1, updated_at = $2
WHERE id = $1
RETURNING *;

-- name: taskUpdate
-- $1 id, $2 priority, $3 runAt, $4 status, $5 metadata, $6 callbackUrl, $7 now
UPDATE tasks SET priority = $2, run_at = $3, status = $4, metadata = $5::jsonb, callback_url = $6,
                 version = version + 1, updated_at = $7
WHERE id = $1
RETURNING *;

-- name: taskRequestDestroy
UPDATE tasks SET cancel_requested = true, destroy_requested = true, version = version + 1, updated_at = $3
WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) AND status = 'running'
RETURNING *;

-- name: taskDestroy
-- Row, reservation and idempotency records go, the tombstone stays: one statement, atomic.
WITH d AS (
  DELETE FROM tasks WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) RETURNING *
), r AS (
  DELETE FROM task_reservations WHERE id IN (SELECT id FROM d)
), i AS (
  DELETE FROM idempotency_keys k USING d WHERE k.task_id = d.id AND k.tenant = d.tenant
), tomb AS (
  INSERT INTO task_tombstones (id, tenant, reason, at) SELECT id, tenant, $3, $4 FROM d
  ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at
)
SELECT d.* FROM d;

-- name: tombstoneGet
SELECT * FROM task_tombstones WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);
