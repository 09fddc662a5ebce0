-- The api-key part's queries (the store methods of api-key-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/api-key-store.sql where a query maps to one store method in both, method
-- name + suffix where a method needs several.

-- name: apiKeyCreate
INSERT INTO api_keys (id, tenant, name, hash, admin, created_at, revoked_at, last_used_at, worker_types, worker_all_tenants)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: apiKeyByHash
SELECT * FROM api_keys WHERE hash = $1;

-- name: apiKeyList
SELECT * FROM api_keys WHERE ($1::text IS NULL OR tenant = $1) ORDER BY created_at, id;

-- name: apiKeyRevoke
UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id;

-- name: apiKeyCount
SELECT count(*) AS count FROM api_keys;
