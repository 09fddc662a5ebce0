-- The chunk part's queries (the store methods of file-chunk-store.ts), SQLite dialect: the same
-- names as ../postgres/file-chunk-store.sql.

-- name: fileChunkPut
INSERT OR REPLACE INTO file_chunks (blob_key, pos, data) VALUES (:blobKey, :pos, :data);

-- name: fileChunkAt
SELECT pos, data FROM file_chunks WHERE blob_key = :blobKey AND pos <= :pos ORDER BY pos DESC LIMIT 1;

-- name: fileChunkAfter
SELECT pos, data FROM file_chunks WHERE blob_key = :blobKey AND pos > :pos ORDER BY pos LIMIT 1;

-- name: fileChunksDelete
DELETE FROM file_chunks WHERE blob_key = :blobKey;
