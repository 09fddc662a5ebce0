-- Named queries of the PostgreSQL store; the same names as src/store/sqlite/queries.sql where a
-- query maps to one store method, method name + suffix where a method needs several.
-- No statement NOTIFYs: a transaction that did commits under a database-wide lock, serializing every
-- writer. The store announces committed changes itself, batched (notification-publisher.ts).

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

-- name: taskVersions
SELECT id, version FROM tasks WHERE id = ANY($1::text[]);

-- name: taskCancelNow
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

-- name: taskClaim
-- One statement: each type's lateral subquery takes at most its own share with SKIP LOCKED, so
-- concurrent runners pass each other instead of queueing on the same rows.
-- $1 types, $2 per-type limits, $3 now, $4 limit, $5 leaseMs, $6 workerId
WITH picked AS (
  SELECT c.id FROM unnest($1::text[], $2::int[]) AS w(type, n)
  CROSS JOIN LATERAL (
    SELECT id, priority, run_at, seq FROM tasks
    WHERE status = 'queued' AND type = w.type AND run_at <= $3
    ORDER BY priority DESC, run_at, seq
    LIMIT w.n
    FOR UPDATE SKIP LOCKED
  ) c
  ORDER BY c.priority DESC, c.run_at, c.seq
  LIMIT $4
)
UPDATE tasks t SET status = 'running', attempts = t.attempts + 1, started_at = $3,
                   lease_token = gen_random_uuid()::text, lease_expires_at = $3::bigint + $5::bigint,
                   worker_id = $6, version = t.version + 1, updated_at = $3
FROM picked
WHERE t.id = picked.id AND t.status = 'queued'
RETURNING t.*;

-- name: taskHeartbeat
-- Extending the lease is not a visible change of the task: no version bump (long-polls stay quiet).
UPDATE tasks SET lease_expires_at = $3::bigint + $4::bigint
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING cancel_requested;

-- name: taskProgress
-- $1 id, $2 token, $3 percent, $4 message, $5 current, $6 total, $7 now
UPDATE tasks SET progress_percent = $3, progress_message = $4, progress_current = $5, progress_total = $6,
                 version = version + 1, updated_at = $7
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING cancel_requested;

-- name: taskComplete
-- Many completions in one statement (complete-batcher.ts groups the calls of one tick): one commit
-- and one statistics update per type instead of one each, which is what makes the hot path fast;
-- per-task statements serialise on the type's statistics row and on the WAL flush.
-- The statistics row is updated under its row lock (ON CONFLICT), from its latest values, by
-- offload_duration_mean (migrations/001_init.sql); $6 is the weight, derived from the domain at start.
-- $1 ids, $2 lease tokens, $3 results, $4 nows, $5 retentionMs, $6 weight
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
    WITH ORDINALITY AS i(id, lease_token, result, now, retention_ms, ord)
), u AS (
  UPDATE tasks t SET status = 'succeeded', result = i.result, finished_at = i.now,
                     expires_at = i.now + i.retention_ms, lease_token = NULL, lease_expires_at = NULL,
                     version = t.version + 1, updated_at = i.now
  FROM input i
  WHERE t.id = i.id AND t.lease_token = i.lease_token AND t.status = 'running'
  RETURNING t.*, i.ord AS _ord, GREATEST(0, i.now - COALESCE(t.started_at, i.now))::double precision AS _duration
), agg AS (
  SELECT type, count(*) AS k, array_agg(_duration ORDER BY _ord) AS durations FROM u GROUP BY type
), stats AS (
  INSERT INTO type_stats AS ts (type, count, mean_ms)
  SELECT type, k, offload_duration_mean(0, 0, durations, $6::double precision) FROM agg
  ON CONFLICT (type) DO UPDATE SET
    count = ts.count + EXCLUDED.count,
    mean_ms = offload_duration_mean(ts.count, ts.mean_ms,
                                    (SELECT durations FROM agg WHERE agg.type = EXCLUDED.type), $6::double precision)
)
SELECT u.* FROM u;

-- name: taskFail
-- retryAt NULL → failed (finished, retention starts); otherwise → pending until retryAt.
-- $1 id, $2 token, $3 error, $4 retryAt, $5 now, $6 retentionMs
UPDATE tasks SET
  status = CASE WHEN $4::bigint IS NULL THEN 'failed' ELSE 'pending' END,
  run_at = COALESCE($4::bigint, run_at),
  error = $3::jsonb,
  finished_at = CASE WHEN $4::bigint IS NULL THEN $5::bigint ELSE NULL END,
  expires_at = CASE WHEN $4::bigint IS NULL THEN $5::bigint + $6::bigint ELSE expires_at END,
  lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $5
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING *;

-- name: taskRelease
-- A shutting-down worker gives the attempt back unfinished: queued again at once, and the attempt
-- does not count (the claim's attempts + 1 is undone). $1 id, $2 token, $3 now
UPDATE tasks SET status = 'queued', run_at = $3::bigint, attempts = GREATEST(attempts - 1, 0), started_at = NULL,
  lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $3::bigint
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING *;

-- name: taskCancelAttempt
UPDATE tasks SET status = 'canceled', error = $3::jsonb, finished_at = $4, expires_at = $4::bigint + $5::bigint,
                 lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $4
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING *;

-- name: taskCancelRequested
SELECT id FROM tasks WHERE id = ANY($1::text[]) AND status = 'running' AND cancel_requested;

-- name: taskRescueExpired
-- $1 now, $2 error, $3 retentionMs, $4 limit
WITH expired AS (
  SELECT id FROM tasks WHERE status = 'running' AND lease_expires_at < $1
  ORDER BY lease_expires_at LIMIT $4 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET
  status = CASE WHEN t.attempts < t.max_attempts THEN 'queued' ELSE 'failed' END,
  run_at = CASE WHEN t.attempts < t.max_attempts THEN $1::bigint ELSE t.run_at END,
  error = CASE WHEN t.attempts < t.max_attempts THEN t.error ELSE $2::jsonb END,
  finished_at = CASE WHEN t.attempts < t.max_attempts THEN NULL ELSE $1::bigint END,
  expires_at = CASE WHEN t.attempts < t.max_attempts THEN t.expires_at ELSE $1::bigint + $3::bigint END,
  lease_token = NULL, lease_expires_at = NULL, version = t.version + 1, updated_at = $1
FROM expired
WHERE t.id = expired.id
RETURNING t.*;

-- name: taskPromoteDue
-- $1 now, $2 limit
WITH due AS (
  SELECT id FROM tasks WHERE status = 'pending' AND run_at <= $1
  ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET status = 'queued', version = t.version + 1, updated_at = $1
FROM due
WHERE t.id = due.id
RETURNING t.id, t.type;

-- name: taskPromoteDueNext
SELECT min(run_at) AS next_run_at FROM tasks WHERE status = 'pending';

-- name: taskExpireCancel
-- Unfinished tasks past their expiry: canceled, kept for retentionMs more.
-- $1 now, $2 error, $3 retentionMs, $4 limit
WITH stale AS (
  SELECT id FROM tasks WHERE status IN ('pending', 'queued') AND expires_at < $1
  ORDER BY expires_at LIMIT $4 FOR UPDATE SKIP LOCKED
)
UPDATE tasks t SET status = 'canceled', error = $2::jsonb, finished_at = $1, expires_at = $1::bigint + $3::bigint,
                   version = t.version + 1, updated_at = $1
FROM stale
WHERE t.id = stale.id
RETURNING t.*;

-- name: taskExpirePurge
-- Finished tasks past their retention: destroyed, tombstone 'expired'.
-- $1 now, $2 limit
WITH d AS (
  DELETE FROM tasks WHERE id IN (
    SELECT id FROM tasks WHERE status IN ('succeeded', 'failed', 'canceled') AND expires_at < $1
    ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING *
), r AS (
  DELETE FROM task_reservations WHERE id IN (SELECT id FROM d)
), i AS (
  DELETE FROM idempotency_keys k USING d WHERE k.task_id = d.id AND k.tenant = d.tenant
), tomb AS (
  INSERT INTO task_tombstones (id, tenant, reason, at) SELECT id, tenant, 'expired', $1 FROM d
  ON CONFLICT (id) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at
)
SELECT d.* FROM d;

-- name: taskListDestroyPending
SELECT * FROM tasks WHERE destroy_requested AND status <> 'running' ORDER BY seq LIMIT $1;

-- name: taskQueueDepth
SELECT type, status, count(*) AS count FROM tasks
WHERE status IN ('pending', 'queued', 'running')
GROUP BY type, status ORDER BY type, status;

-- name: typeStatsGet
SELECT count, mean_ms FROM type_stats WHERE type = $1;

-- name: typeStatsAll
SELECT type, count, mean_ms FROM type_stats;

-- name: reservationCreate
INSERT INTO task_reservations (id, tenant, expires_at) VALUES ($1, $2, $3);

-- name: reservationTake
DELETE FROM task_reservations WHERE id = $1 AND tenant = $2 AND expires_at > $3 RETURNING id;

-- name: reservationPurge
DELETE FROM task_reservations WHERE expires_at <= $1;

-- name: idempotencyBegin
-- New key, or an expired record that counts as new: recorded in flight. No row back = it exists.
-- $1 tenant, $2 key, $3 fingerprint, $4 now, $5 lockedUntil, $6 expiresAt
INSERT INTO idempotency_keys AS k (tenant, key, fingerprint, state, status_code, task_id, outcome, locked_until, expires_at)
VALUES ($1, $2, $3, 'in-flight', NULL, NULL, NULL, $5, $6)
ON CONFLICT (tenant, key) DO UPDATE SET
  fingerprint = EXCLUDED.fingerprint, state = 'in-flight', status_code = NULL, task_id = NULL, outcome = NULL,
  locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
WHERE k.expires_at <= $4
RETURNING key;

-- name: idempotencyBeginExisting
SELECT * FROM idempotency_keys WHERE tenant = $1 AND key = $2 FOR UPDATE;

-- name: idempotencyBeginTakeOver
-- A crashed request's record whose lock ran out before it created a task (or recorded a bulk
-- outcome): the new request takes over.
UPDATE idempotency_keys SET locked_until = $3
WHERE tenant = $1 AND key = $2 AND state = 'in-flight' AND locked_until <= $4 AND task_id IS NULL AND outcome IS NULL
RETURNING key;

-- name: idempotencyAttach
-- One of $3 task_id and $5 outcome (a bulk submission's item outcomes) is set, the other NULL.
UPDATE idempotency_keys SET task_id = $3, status_code = $4, outcome = $5
WHERE tenant = $1 AND key = $2 AND state = 'in-flight';

-- name: idempotencyFinish
UPDATE idempotency_keys SET state = 'done', status_code = $3, task_id = $4, outcome = $5
WHERE tenant = $1 AND key = $2;

-- name: idempotencyRelease
DELETE FROM idempotency_keys WHERE tenant = $1 AND key = $2;

-- name: idempotencyPurge
DELETE FROM idempotency_keys WHERE expires_at <= $1;

-- name: choreLeaseAcquire
-- $1 name, $2 holder, $3 now, $4 ttlMs
INSERT INTO chore_leases AS c (name, holder, expires_at) VALUES ($1, $2, $3::bigint + $4::bigint)
ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
WHERE c.holder = EXCLUDED.holder OR c.expires_at <= $3
RETURNING name;

-- name: choreLeaseRelease
DELETE FROM chore_leases WHERE name = $1 AND holder = $2;

-- name: apiKeyCreate
INSERT INTO api_keys (id, tenant, name, hash, admin, created_at, revoked_at, last_used_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: apiKeyByHash
SELECT * FROM api_keys WHERE hash = $1;

-- name: apiKeyList
SELECT * FROM api_keys WHERE ($1::text IS NULL OR tenant = $1) ORDER BY created_at, id;

-- name: apiKeyRevoke
UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id;

-- name: apiKeyCount
SELECT count(*) AS count FROM api_keys;
