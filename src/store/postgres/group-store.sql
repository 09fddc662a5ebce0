-- The execution-group part's queries (the store methods of group-store.ts), PostgreSQL dialect: the
-- same names as ../sqlite/group-store.sql where a query maps to one store method in both.

-- name: taskGroupCreate
INSERT INTO task_groups (id, tenant, state, created_at, updated_at) VALUES ($1, $2, 'active', $3, $3);

-- name: taskGroupJoinCheck
-- Locked: a group failing meanwhile waits, then sees the new members (and cancels them).
SELECT 1 AS ok FROM task_groups WHERE id = $1 AND tenant = $2 AND state = 'active' FOR SHARE;

-- name: taskGroupJoin
UPDATE tasks SET group_id = $1 WHERE tenant = $2 AND id = ANY($3::text[]);

-- name: taskGroupGet
SELECT * FROM task_groups WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);

-- name: taskGroupMembers
SELECT m.*, c.id AS compensation_id, c.status AS compensation_status
FROM tasks m LEFT JOIN tasks c ON c.compensates = m.id
WHERE m.group_id = $1
ORDER BY m.seq;

-- name: taskGroupsFailed
SELECT g.id AS group_id, min(m.id) AS failed_task_id
FROM task_groups g JOIN tasks m ON m.group_id = g.id
WHERE g.state = 'active' AND m.status IN ('failed', 'canceled')
GROUP BY g.id
LIMIT $1;

-- name: taskGroupFailState
-- $1 id, $2 failed task id, $3 now
UPDATE task_groups SET state = 'compensating', failed_task_id = $2, updated_at = $3, version = version + 1
WHERE id = $1 AND state = 'active'
RETURNING id;

-- name: taskGroupFailCancel
-- $1 id, $2 error, $3 now, $4 retentionMs
UPDATE tasks SET status = 'canceled', error = $2::jsonb, finished_at = $3, expires_at = $3::bigint + $4::bigint,
  lease_token = NULL, lease_expires_at = NULL, updated_at = $3, version = version + 1
WHERE group_id = $1 AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskGroupFailRequest
UPDATE tasks SET cancel_requested = true, updated_at = $2, version = version + 1
WHERE group_id = $1 AND status = 'running' AND NOT cancel_requested
RETURNING *;

-- name: taskGroupsCompensating
SELECT * FROM task_groups WHERE state = 'compensating' ORDER BY updated_at LIMIT $1;

-- name: taskCompensationCreate
-- $1..$15 = row-mapping.ts taskInsertParams, $16 the member it undoes.
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
                   timeout_seconds, max_attempts, callback_url, created_at, expires_at, updated_at, compensates)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $14, $16)
ON CONFLICT (compensates) WHERE compensates IS NOT NULL DO NOTHING
RETURNING *;

-- name: taskGroupFinish
-- $1 id, $2 state, $3 now
UPDATE task_groups SET state = $2, updated_at = $3, version = version + 1
WHERE id = $1 AND state = 'compensating'
RETURNING id;
