-- The attempt part's queries (the store methods of attempt-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/attempt-store.sql where a query maps to one store method in both, method
-- name + suffix where a method needs several.
-- No statement NOTIFYs: a transaction that did commits under a database-wide lock, serializing every
-- writer. The store announces committed changes itself, batched (notifications.ts).

-- name: taskClaim
-- One statement: each type's lateral subquery takes at most its own share with SKIP LOCKED, so
-- concurrent runners pass each other instead of queueing on the same rows.
-- Paused queues (queue_pauses: the type for the task's tenant or for every tenant, '*') are skipped.
-- $1 types, $2 per-type limits, $3 now, $4 limit, $5 leaseMs, $6 workerId, $7 tenant (NULL: any)
WITH picked AS (
  SELECT c.id FROM unnest($1::text[], $2::int[]) AS w(type, n)
  CROSS JOIN LATERAL (
    SELECT id, priority, run_at, seq FROM tasks t
    WHERE t.status = 'queued' AND t.type = w.type AND t.run_at <= $3
      AND ($7::text IS NULL OR t.tenant = $7::text)
      AND NOT EXISTS (SELECT 1 FROM queue_pauses p WHERE p.type = t.type AND p.tenant IN ('*', t.tenant))
    ORDER BY t.priority DESC, t.run_at, t.seq
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

-- name: taskClaimLimitLock
-- Claims under a tenant limit count what runs, then mark: serialised by this transaction-scoped
-- lock, or two nodes could each see room for the same last slot. Keyed by schema (tests).
SELECT pg_advisory_xact_lock(hashtext('offload.tenant-claims:' || current_schema()));

-- name: taskClaimRunningByTenant
-- $1 tenant (NULL: any)
SELECT tenant, count(*)::int AS n FROM tasks
WHERE status = 'running' AND ($1::text IS NULL OR tenant = $1::text)
GROUP BY tenant;

-- name: taskClaimCandidates
-- The head of each type's queue for a claim under a tenant limit, skipping the tenants already at
-- it ($5) and the rows chosen in an earlier round ($6); the caller picks within the budget.
-- $1 types, $2 per-type limits, $3 now, $4 tenant (NULL: any), $5 excluded tenants, $6 taken ids
SELECT c.id, c.seq, c.priority, c.run_at AS "runAt", c.tenant, c.type FROM unnest($1::text[], $2::int[]) AS w(type, n)
CROSS JOIN LATERAL (
  SELECT id, seq, priority, run_at, tenant, type FROM tasks t
  WHERE t.status = 'queued' AND t.type = w.type AND t.run_at <= $3
    AND ($4::text IS NULL OR t.tenant = $4::text)
    AND NOT EXISTS (SELECT 1 FROM queue_pauses p WHERE p.type = t.type AND p.tenant IN ('*', t.tenant))
    AND NOT (t.tenant = ANY($5::text[])) AND NOT (t.id = ANY($6::text[]))
  ORDER BY t.priority DESC, t.run_at, t.seq
  LIMIT w.n
  FOR UPDATE SKIP LOCKED
) c;

-- name: taskClaimIds
-- $1 ids, $2 now, $3 leaseMs, $4 workerId
UPDATE tasks t SET status = 'running', attempts = t.attempts + 1, started_at = $2,
                   lease_token = gen_random_uuid()::text, lease_expires_at = $2::bigint + $3::bigint,
                   worker_id = $4, version = t.version + 1, updated_at = $2
WHERE t.id = ANY($1::text[]) AND t.status = 'queued'
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
-- Many completions in one statement (taskCompleteMany; the engine's write batcher groups the calls
-- of one event-loop turn): one commit and one statistics update per type instead of one each, which
-- is what makes the hot path fast; per-task statements serialise on the type's statistics row and on
-- the WAL flush. taskComplete is the same statement with one item.
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
