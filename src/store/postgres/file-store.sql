-- The file part's queries (the store methods of file-store.ts), PostgreSQL dialect: the same names
-- as ../sqlite/file-store.sql. `($n::text IS NULL OR tenant = $n)`: a null tenant means "any tenant".

-- name: fileCreate
INSERT INTO files (id, tenant, name, content_type, size, sha256, driver, blob_key, task_id, lease_token, state, created_at, expires_at)
VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6, $7, $8, 'writing', $9, $10);

-- name: fileStored
UPDATE files SET size = $2, sha256 = $3, state = $4 WHERE id = $1 AND state = 'writing' RETURNING *;

-- name: fileGet
SELECT * FROM files WHERE id = $1 AND ($2::text IS NULL OR tenant = $2);

-- name: fileList
SELECT * FROM files
WHERE ($1::text IS NULL OR tenant = $1) AND state = 'ready'
  AND ($3::bigint IS NULL OR (created_at, id) < ($3, $4::text))
ORDER BY created_at DESC, id DESC
LIMIT $2;

-- name: fileListByTasks
SELECT * FROM files WHERE task_id = ANY($1::text[]) AND state = 'ready' ORDER BY created_at, id;

-- name: fileDeleteLock
-- First the row lock, then fileDelete in a statement of its own: its snapshot then sees every hold
-- committed before the lock was granted (a submission holding the file locks it FOR SHARE).
SELECT id FROM files WHERE id = $1 FOR UPDATE;

-- name: fileDelete
-- A file a task holds is not deleted (fileHolders names the task).
UPDATE files SET state = 'deleted' WHERE id = $1 AND ($2::text IS NULL OR tenant = $2) AND state <> 'deleted'
  AND NOT EXISTS (SELECT 1 FROM file_holds h JOIN tasks t ON t.id = h.task_id WHERE h.file_id = files.id AND t.status IN ('pending', 'queued', 'running'))
RETURNING *;

-- name: fileHolders
SELECT t.id FROM file_holds h JOIN tasks t ON t.id = h.task_id
WHERE h.file_id = $1 AND t.status IN ('pending', 'queued', 'running')
ORDER BY t.id;

-- name: fileDiscardAttempt
UPDATE files SET state = 'deleted' WHERE task_id = $1 AND lease_token = $2 AND state IN ('writing', 'attempt');

-- name: fileSweepWriting
UPDATE files SET state = 'deleted' WHERE state = 'writing' AND task_id IS NULL AND created_at < $1;

-- name: fileSweepAttempts
-- An attempt's file is an orphan once its task no longer runs that attempt (the lease token is
-- fresh per attempt): it failed, was rescued after a crash, lost its lease, or the task is gone.
UPDATE files SET state = 'deleted'
WHERE state IN ('writing', 'attempt') AND task_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = files.task_id AND t.status = 'running' AND t.lease_token = files.lease_token);

-- name: fileSweepExpired
-- An upload a task holds outlives its expiry until the task finishes.
UPDATE files SET state = 'deleted' WHERE state = 'ready' AND expires_at IS NOT NULL AND expires_at <= $1
  AND NOT EXISTS (SELECT 1 FROM file_holds h JOIN tasks t ON t.id = h.task_id WHERE h.file_id = files.id AND t.status IN ('pending', 'queued', 'running'));

-- name: fileListRemovable
SELECT id, driver, blob_key FROM files WHERE state = 'deleted' AND blob_key IS NOT NULL LIMIT $1;

-- name: fileBlobForget
UPDATE files SET blob_key = NULL WHERE id = $1 AND state = 'deleted';

-- name: fileSigningKeyInsert
-- Two nodes starting at once: the advisory lock makes the second see the first one's key.
INSERT INTO file_signing_keys (id, secret, created_at)
SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM file_signing_keys);

-- name: fileSigningKeyLock
SELECT pg_advisory_xact_lock(hashtext('offload_file_signing_keys'));

-- name: fileSigningKeys
SELECT id, secret, created_at FROM file_signing_keys ORDER BY created_at DESC, id DESC;
