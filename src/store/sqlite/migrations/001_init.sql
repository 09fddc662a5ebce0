-- Offload schema, SQLite dialect. Times are INTEGER milliseconds since the epoch.

-- `seq` is the rowid: AUTOINCREMENT never reuses a value, so it is a monotonic submission order
-- and a stable list cursor even after the newest rows are deleted. `id` stays the public key.
CREATE TABLE tasks (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT    NOT NULL UNIQUE,
  tenant            TEXT    NOT NULL,
  type              TEXT    NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('pending','queued','running','succeeded','failed','canceled')),
  custom_id         TEXT,
  priority          INTEGER NOT NULL DEFAULT 0,
  input             TEXT    NOT NULL,
  metadata          TEXT,
  fingerprint       TEXT    NOT NULL,
  run_at            INTEGER NOT NULL,
  timeout_seconds   INTEGER NOT NULL,
  max_attempts      INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  lease_token       TEXT,
  lease_expires_at  INTEGER,
  worker_id         TEXT,
  cancel_requested  INTEGER NOT NULL DEFAULT 0,
  destroy_requested INTEGER NOT NULL DEFAULT 0,
  progress_percent  REAL,
  progress_message  TEXT,
  progress_current  REAL,
  progress_total    REAL,
  result            TEXT,
  error             TEXT,
  callback_url      TEXT,
  created_at        INTEGER NOT NULL,
  started_at        INTEGER,
  updated_at        INTEGER NOT NULL,
  finished_at       INTEGER,
  expires_at        INTEGER NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX tasks_tenant_custom_id ON tasks (tenant, custom_id) WHERE custom_id IS NOT NULL;
-- The claim order, restricted to what is claimable, so a claim reads only the rows it takes.
CREATE INDEX tasks_queue ON tasks (type, priority DESC, run_at, seq) WHERE status = 'queued';
CREATE INDEX tasks_tenant_seq ON tasks (tenant, seq);
CREATE INDEX tasks_running_lease ON tasks (status, lease_expires_at) WHERE status = 'running';
CREATE INDEX tasks_pending_run_at ON tasks (status, run_at) WHERE status = 'pending';
CREATE INDEX tasks_expires_at ON tasks (expires_at);
CREATE INDEX tasks_destroy_requested ON tasks (destroy_requested) WHERE destroy_requested = 1;

CREATE TABLE task_tombstones (
  id     TEXT    PRIMARY KEY,
  tenant TEXT    NOT NULL,
  reason TEXT    NOT NULL CHECK (reason IN ('destroyed','expired')),
  at     INTEGER NOT NULL
);

CREATE TABLE task_reservations (
  id         TEXT    PRIMARY KEY,
  tenant     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
  tenant       TEXT    NOT NULL,
  key          TEXT    NOT NULL,
  fingerprint  TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('in-flight','done')),
  status_code  INTEGER,
  task_id      TEXT,
  locked_until INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (tenant, key)
);
CREATE INDEX idempotency_keys_task_id ON idempotency_keys (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

CREATE TABLE type_stats (
  type    TEXT    PRIMARY KEY,
  count   INTEGER NOT NULL,
  mean_ms REAL    NOT NULL
);

CREATE TABLE api_keys (
  id           TEXT    PRIMARY KEY,
  tenant       TEXT    NOT NULL,
  name         TEXT,
  hash         TEXT    NOT NULL UNIQUE,
  admin        INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  last_used_at INTEGER
);

CREATE TABLE chore_leases (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);
