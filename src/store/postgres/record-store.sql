-- The record part's queries (the store methods of record-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/record-store.sql where a query maps to one store method in both, method
-- name + suffix where a method needs several.

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

-- name: idempotencyGet
SELECT * FROM idempotency_keys WHERE tenant = $1 AND key = $2 FOR UPDATE;

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

-- name: idempotencyRelock
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
