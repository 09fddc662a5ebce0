-- The chunk part's queries (the store methods of file-chunk-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/file-chunk-store.sql.

-- name: fileChunkPut
INSERT INTO file_chunks (blob_key, pos, data) VALUES ($1, $2, $3)
ON CONFLICT (blob_key, pos) DO UPDATE SET data = excluded.data;

-- name: fileChunkAt
-- A chunk comes back in 16 KiB slices, one row each: pg hands bytea over as hex text, and a whole
-- chunk's text (512 KiB for 256 KiB) is a large object the garbage collector keeps long; slices are
-- small, short-lived strings. An empty chunk is one empty slice.
SELECT c.pos, substring(c.data FROM s.i * 16384 + 1 FOR 16384) AS part
FROM (SELECT pos, data FROM file_chunks WHERE blob_key = $1 AND pos <= $2 ORDER BY pos DESC LIMIT 1) c,
  generate_series(0, greatest(0, (length(c.data) - 1) / 16384)) AS s(i)
ORDER BY s.i;

-- name: fileChunkAfter
SELECT c.pos, substring(c.data FROM s.i * 16384 + 1 FOR 16384) AS part
FROM (SELECT pos, data FROM file_chunks WHERE blob_key = $1 AND pos > $2 ORDER BY pos LIMIT 1) c,
  generate_series(0, greatest(0, (length(c.data) - 1) / 16384)) AS s(i)
ORDER BY s.i;

-- name: fileChunksDelete
DELETE FROM file_chunks WHERE blob_key = $1;
