-- The chunk part's queries (the store methods of file-chunk-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/file-chunk-store.sql.

-- name: fileChunkPut
INSERT INTO file_chunks (blob_key, pos, data) VALUES ($1, $2, $3)
ON CONFLICT (blob_key, pos) DO UPDATE SET data = excluded.data;

-- name: fileChunkAt
SELECT pos, data FROM file_chunks WHERE blob_key = $1 AND pos <= $2 ORDER BY pos DESC LIMIT 1;

-- name: fileChunkAfter
SELECT pos, data FROM file_chunks WHERE blob_key = $1 AND pos > $2 ORDER BY pos LIMIT 1;

-- name: fileChunksDelete
DELETE FROM file_chunks WHERE blob_key = $1;
