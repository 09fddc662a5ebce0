-- The execution-group part's queries (the store methods of group-store.ts), SQLite dialect: the same
-- names as ../postgres/group-store.sql where a query maps to one store method in both.

-- name: taskGroupCreate
INSERT INTO task_groups (id, tenant, state, created_at, updated_at) VALUES (:id, :tenant, 'active', :now, :now);

-- name: taskGroupJoinCheck
SELECT 1 AS ok FROM task_groups WHERE id = :groupId AND tenant = :tenant AND state = 'active';

-- name: taskGroupJoin
UPDATE tasks SET group_id = :groupId WHERE tenant = :tenant AND id IN (SELECT value FROM json_each(:ids));

-- name: taskGroupGet
SELECT * FROM task_groups WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: taskGroupMembers
SELECT m.*, c.id AS compensation_id, c.status AS compensation_status
FROM tasks m LEFT JOIN tasks c ON c.compensates = m.id
WHERE m.group_id = :id
ORDER BY m.seq;

-- name: taskGroupsFailed
SELECT g.id AS group_id, min(m.id) AS failed_task_id
FROM task_groups g JOIN tasks m ON m.group_id = g.id
WHERE g.state = 'active' AND m.status IN ('failed', 'canceled')
GROUP BY g.id
LIMIT :limit;

-- name: taskGroupFailState
UPDATE task_groups SET state = 'compensating', failed_task_id = :failedTaskId, updated_at = :now, version = version + 1
WHERE id = :id AND state = 'active';

-- name: taskGroupFailCancel
UPDATE tasks SET status = 'canceled', error = :error, finished_at = :now, expires_at = :now + :retentionMs,
  lease_token = NULL, lease_expires_at = NULL, updated_at = :now, version = version + 1
WHERE group_id = :id AND status IN ('pending', 'queued')
RETURNING *;

-- name: taskGroupFailRequest
UPDATE tasks SET cancel_requested = 1, updated_at = :now, version = version + 1
WHERE group_id = :id AND status = 'running' AND cancel_requested = 0
RETURNING *;

-- name: taskGroupsCompensating
SELECT * FROM task_groups WHERE state = 'compensating' ORDER BY updated_at LIMIT :limit;

-- name: taskCompensationCreate
INSERT INTO tasks (id, tenant, type, status, custom_id, priority, input, metadata, fingerprint, run_at,
  timeout_seconds, max_attempts, callback_url, created_at, updated_at, expires_at, compensates)
VALUES (:id, :tenant, :type, :status, :customId, :priority, :inputJson, :metadata, :fingerprint, :runAt,
  :timeoutSeconds, :maxAttempts, :callbackUrl, :createdAt, :createdAt, :expiresAt, :compensates)
ON CONFLICT (compensates) WHERE compensates IS NOT NULL DO NOTHING
RETURNING *;

-- name: taskGroupFinish
UPDATE task_groups SET state = :state, updated_at = :now, version = version + 1
WHERE id = :id AND state = 'compensating';
