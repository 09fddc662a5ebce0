-- The api-key part's queries (the store methods of api-key-store.ts), SQLite dialect: the same
-- names as ../postgres/api-key-store.sql where a query maps to one store method in both.
-- Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant" (admin keys, runners).
-- Every statement that changes a task bumps `version` and sets `updated_at`.

-- name: apiKeyCreate
INSERT INTO api_keys (id, tenant, name, hash, admin, created_at, revoked_at, last_used_at, worker_types, worker_all_tenants)
VALUES (:id, :tenant, :name, :hash, :admin, :createdAt, :revokedAt, :lastUsedAt, :workerTypes, :workerAllTenants);

-- name: apiKeyByHash
SELECT id, tenant, name, admin, created_at, revoked_at, last_used_at, worker_types, worker_all_tenants FROM api_keys WHERE hash = :hash;

-- name: apiKeyList
SELECT id, tenant, name, admin, created_at, revoked_at, last_used_at, worker_types, worker_all_tenants FROM api_keys
WHERE (:tenant IS NULL OR tenant = :tenant)
ORDER BY created_at, id;

-- name: apiKeyRevoke
UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL RETURNING id;

-- name: apiKeyCount
SELECT count(*) AS n FROM api_keys;
