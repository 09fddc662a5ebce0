-- 001: tasks, tombstones, reservations, idempotency keys, duration statistics, API keys, chore leases.
-- Mirrors src/store/sqlite/migrations/001_init.sql: same tables, columns and meaning.
-- Times are BIGINT milliseconds since the epoch.

CREATE TABLE tasks (
  id                TEXT PRIMARY KEY,
  tenant            TEXT NOT NULL,
  type              TEXT NOT NULL,
  status            TEXT NOT NULL,
  custom_id         TEXT,
  priority          INTEGER NOT NULL DEFAULT 0,
  -- TEXT, not JSONB: the API hands the submitted text through byte for byte.
  input             TEXT NOT NULL,
  metadata          JSONB,
  fingerprint       TEXT NOT NULL,
  run_at            BIGINT NOT NULL,
  timeout_seconds   INTEGER NOT NULL,
  max_attempts      INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  lease_token       TEXT,
  lease_expires_at  BIGINT,
  worker_id         TEXT,
  cancel_requested  BOOLEAN NOT NULL DEFAULT false,
  destroy_requested BOOLEAN NOT NULL DEFAULT false,
  progress_percent  DOUBLE PRECISION,
  progress_message  TEXT,
  progress_current  DOUBLE PRECISION,
  progress_total    DOUBLE PRECISION,
  result            TEXT,
  error             JSONB,
  callback_url      TEXT,
  created_at        BIGINT NOT NULL,
  started_at        BIGINT,
  updated_at        BIGINT NOT NULL,
  finished_at       BIGINT,
  expires_at        BIGINT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  seq               BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT tasks_status_check CHECK (status IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'canceled'))
);

-- The store maps unique violations by these names (StoreConflictError 'task-id' / 'custom-id').
CREATE UNIQUE INDEX tasks_tenant_custom_id_key ON tasks (tenant, custom_id) WHERE custom_id IS NOT NULL;
-- The claim path: only queued rows, in claim order, so the index stays small and hot.
CREATE INDEX tasks_queue_idx ON tasks (type, priority DESC, run_at, seq) WHERE status = 'queued';
CREATE INDEX tasks_tenant_seq_idx ON tasks (tenant, seq DESC);
CREATE INDEX tasks_seq_idx ON tasks (seq DESC);
CREATE INDEX tasks_running_lease_idx ON tasks (lease_expires_at) WHERE status = 'running';
CREATE INDEX tasks_pending_run_at_idx ON tasks (run_at) WHERE status = 'pending';
CREATE INDEX tasks_expires_at_idx ON tasks (expires_at);
CREATE INDEX tasks_destroy_requested_idx ON tasks (id) WHERE destroy_requested;

CREATE TABLE task_tombstones (
  id     TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  reason TEXT NOT NULL,
  at     BIGINT NOT NULL
);

CREATE TABLE task_reservations (
  id         TEXT PRIMARY KEY,
  tenant     TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX task_reservations_expires_at_idx ON task_reservations (expires_at);

CREATE TABLE idempotency_keys (
  tenant       TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('in-flight', 'done')),
  status_code  INTEGER,
  task_id      TEXT,
  locked_until BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (tenant, key)
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_task_id_idx ON idempotency_keys (task_id) WHERE task_id IS NOT NULL;

CREATE TABLE type_stats (
  type    TEXT PRIMARY KEY,
  count   BIGINT NOT NULL,
  mean_ms DOUBLE PRECISION NOT NULL
);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  tenant       TEXT NOT NULL,
  name         TEXT,
  hash         TEXT NOT NULL UNIQUE,
  admin        BOOLEAN NOT NULL DEFAULT false,
  created_at   BIGINT NOT NULL,
  revoked_at   BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant);

CREATE TABLE chore_leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- The running mean of domain/estimates.ts nextDurationStats, folded over several durations in order
-- with the very same floating-point steps: a batch of completions (one statement) yields exactly
-- what completing them one by one would. PostgreSQL-only: SQLite computes it in TypeScript.
CREATE FUNCTION offload_duration_mean(prev_count BIGINT, prev_mean DOUBLE PRECISION,
                                      durations DOUBLE PRECISION[], weight DOUBLE PRECISION)
RETURNS DOUBLE PRECISION LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  n BIGINT := prev_count;
  m DOUBLE PRECISION := prev_mean;
  d DOUBLE PRECISION;
BEGIN
  FOREACH d IN ARRAY durations LOOP
    IF n = 0 THEN m := d; ELSE m := m + weight * (d - m); END IF;
    n := n + 1;
  END LOOP;
  RETURN m;
END
$$;
