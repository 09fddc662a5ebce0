-- The file part's queries (the store methods of file-store.ts), SQLite dialect: the same names as
-- ../postgres/file-store.sql. Parameters are named after the Store params (camelCase).
-- `(:tenant IS NULL OR tenant = :tenant)`: a null tenant means "any tenant".

-- name: fileCreate
INSERT INTO files (id, tenant, name, content_type, size, sha256, driver, blob_key, task_id, lease_token, state, created_at, expires_at)
VALUES (:id, :tenant, :name, :contentType, NULL, NULL, :driver, :blobKey, :taskId, :leaseToken, 'writing', :createdAt, :expiresAt);

-- name: fileStored
UPDATE files SET size = :size, sha256 = :sha256, state = :state WHERE id = :id AND state = 'writing' RETURNING *;

-- name: fileGet
SELECT * FROM files WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant);

-- name: fileList
SELECT * FROM files
WHERE (:tenant IS NULL OR tenant = :tenant) AND state = 'ready'
  AND (:afterCreatedAt IS NULL OR created_at < :afterCreatedAt OR (created_at = :afterCreatedAt AND id < :afterId))
ORDER BY created_at DESC, id DESC
LIMIT :limit;

-- name: fileListByTasks
SELECT * FROM files WHERE task_id IN (SELECT value FROM json_each(:taskIds)) AND state = 'ready'
ORDER BY created_at, id;

-- name: fileDelete
-- A file a task holds is not deleted (fileHolders names the task).
UPDATE files SET state = 'deleted'
WHERE id = :id AND (:tenant IS NULL OR tenant = :tenant) AND state <> 'deleted'
  AND NOT EXISTS (SELECT 1 FROM file_holds h JOIN tasks t ON t.id = h.task_id WHERE h.file_id = files.id AND t.status IN ('pending', 'queued', 'running'))
RETURNING *;

-- name: fileHolders
SELECT t.id FROM file_holds h JOIN tasks t ON t.id = h.task_id
WHERE h.file_id = :id AND t.status IN ('pending', 'queued', 'running')
ORDER BY t.id;

-- name: fileDiscardAttempt
UPDATE files SET state = 'deleted'
WHERE task_id = :taskId AND lease_token = :leaseToken AND state IN ('writing', 'attempt');

-- name: fileSweepWriting
UPDATE files SET state = 'deleted' WHERE state = 'writing' AND task_id IS NULL AND created_at < :writingBefore;

-- name: fileSweepAttempts
-- An attempt's file is an orphan once its task no longer runs that attempt (the lease token is
-- fresh per attempt): it failed, was rescued after a crash, lost its lease, or the task is gone.
UPDATE files SET state = 'deleted'
WHERE state IN ('writing', 'attempt') AND task_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = files.task_id AND t.status = 'running' AND t.lease_token = files.lease_token);

-- name: fileSweepExpired
-- An upload a task holds outlives its expiry until the task finishes.
UPDATE files SET state = 'deleted' WHERE state = 'ready' AND expires_at IS NOT NULL AND expires_at <= :now
  AND NOT EXISTS (SELECT 1 FROM file_holds h JOIN tasks t ON t.id = h.task_id WHERE h.file_id = files.id AND t.status IN ('pending', 'queued', 'running'));

-- name: fileListRemovable
SELECT id, driver, blob_key FROM files WHERE state = 'deleted' AND blob_key IS NOT NULL LIMIT :limit;

-- name: fileBlobForget
UPDATE files SET blob_key = NULL WHERE id = :id AND state = 'deleted';

-- name: fileSigningKeyInsert
INSERT INTO file_signing_keys (id, secret, created_at)
SELECT :id, :secret, :createdAt WHERE NOT EXISTS (SELECT 1 FROM file_signing_keys);

-- name: fileSigningKeys
SELECT id, secret, created_at FROM file_signing_keys ORDER BY created_at DESC, id DESC;
