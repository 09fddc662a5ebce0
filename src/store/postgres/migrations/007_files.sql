-- files: records of stored files, the bytes of the `database` driver, and the signing keys of
-- download links. A file is `writing` while its bytes stream in, `attempt` once stored by an attempt
-- that has not succeeded yet, `ready` when visible (an upload, or a file of a succeeded attempt),
-- `deleted` when it is gone for its owner (blob_key is cleared once the bytes are removed too;
-- the row stays as a tombstone so its id answers 410).

CREATE TABLE files (
  id           TEXT   PRIMARY KEY,
  tenant       TEXT   NOT NULL,
  name         TEXT   NOT NULL,
  content_type TEXT   NOT NULL,
  size         BIGINT,
  sha256       TEXT,
  driver       TEXT   NOT NULL,
  blob_key     TEXT,
  -- The task whose attempt wrote the file (NULL for uploads) and that attempt's lease token.
  task_id      TEXT,
  lease_token  TEXT,
  state        TEXT   NOT NULL CHECK (state IN ('writing', 'attempt', 'ready', 'deleted')),
  created_at   BIGINT NOT NULL,
  -- Uploads only: when the file expires (task files go with their task).
  expires_at   BIGINT
);
CREATE INDEX files_tenant_created ON files (tenant, created_at DESC, id);
CREATE INDEX files_task ON files (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX files_unsettled ON files (state, created_at) WHERE state IN ('writing', 'attempt');
CREATE INDEX files_expiring ON files (expires_at) WHERE state = 'ready' AND expires_at IS NOT NULL;
CREATE INDEX files_to_remove ON files (state) WHERE state = 'deleted' AND blob_key IS NOT NULL;

-- The `database` driver's bytes: one row per chunk, keyed by the byte offset it starts at.
CREATE TABLE file_chunks (
  blob_key TEXT   NOT NULL,
  pos      BIGINT NOT NULL,
  data     BYTEA  NOT NULL,
  PRIMARY KEY (blob_key, pos)
);
-- Chunks are written once and read whole: no point compressing (images, archives) or moving them out of line twice.
ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Keys that sign download links when the configuration names none: made at the first start, shared
-- by every node on the database.
CREATE TABLE file_signing_keys (
  id         TEXT   PRIMARY KEY,
  secret     TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

-- A task's files go with it: when its attempt succeeds they become visible (in the same transaction
-- as the status change), and when its row is removed (destroy, retention) they are deleted.
CREATE FUNCTION offload_task_files_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE files SET state = 'ready' WHERE task_id = NEW.id AND lease_token = OLD.lease_token AND state = 'attempt';
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_files_commit AFTER UPDATE OF status ON tasks
FOR EACH ROW WHEN (OLD.status = 'running' AND NEW.status = 'succeeded')
EXECUTE FUNCTION offload_task_files_commit();

CREATE FUNCTION offload_task_files_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE files SET state = 'deleted' WHERE task_id = OLD.id AND state <> 'deleted';
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_files_delete AFTER DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION offload_task_files_delete();
