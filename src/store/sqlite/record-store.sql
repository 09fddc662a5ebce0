-- The record part's queries (the store methods of record-store.ts), SQLite dialect: the same
-- names as ../postgres/record-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: typeStatsGet
SELECT type, count, mean_ms FROM type_stats WHERE type = :type;

-- name: typeStatsAll
SELECT type, count, mean_ms FROM type_stats;

-- name: reservationCreate
INSERT INTO task_reservations (id, tenant, expires_at) VALUES (:id, :tenant, :expiresAt);

-- name: reservationTake
DELETE FROM task_reservations WHERE id = :id AND tenant = :tenant AND expires_at > :now RETURNING id;

-- name: reservationPurge
DELETE FROM task_reservations WHERE expires_at <= :now;

-- name: idempotencyGet
SELECT * FROM idempotency_keys WHERE tenant = :tenant AND key = :key;

-- name: idempotencyBegin
-- Also overwrites an expired record: an expired key counts as new.
INSERT INTO idempotency_keys (tenant, key, fingerprint, state, status_code, task_id, outcome, locked_until, expires_at)
VALUES (:tenant, :key, :fingerprint, 'in-flight', NULL, NULL, NULL, :lockedUntil, :expiresAt)
ON CONFLICT (tenant, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in-flight',
  status_code = NULL, task_id = NULL, outcome = NULL, locked_until = excluded.locked_until,
  expires_at = excluded.expires_at;

-- name: idempotencyRelock
UPDATE idempotency_keys SET locked_until = :lockedUntil WHERE tenant = :tenant AND key = :key;

-- name: idempotencyAttach
-- One of :taskId (a task) and :outcome (a bulk submission's item outcomes) is set, the other NULL.
UPDATE idempotency_keys SET task_id = :taskId, outcome = :outcome, status_code = :statusCode
WHERE tenant = :tenant AND key = :key AND state = 'in-flight';

-- name: idempotencyFinish
UPDATE idempotency_keys SET state = 'done', status_code = :statusCode, task_id = :taskId, outcome = :outcome
WHERE tenant = :tenant AND key = :key;

-- name: idempotencyRelease
DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key;

-- name: idempotencyPurge
DELETE FROM idempotency_keys WHERE expires_at <= :now;
