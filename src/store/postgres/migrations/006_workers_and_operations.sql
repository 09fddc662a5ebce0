-- 006: HTTP workers and the day-one operations. Mirrors src/store/sqlite/migrations/006_workers_and_operations.sql.

-- A worker key may claim and report for these task types only; NULL for every other key.
-- worker_all_tenants: it serves every tenant's tasks, else only its own tenant's.
ALTER TABLE api_keys ADD COLUMN worker_types TEXT[];
ALTER TABLE api_keys ADD COLUMN worker_all_tenants BOOLEAN NOT NULL DEFAULT false;

-- A paused queue: (type, tenant), or (type, '*') for every tenant. Claims skip its tasks.
CREATE TABLE queue_pauses (
  type      TEXT   NOT NULL,
  tenant    TEXT   NOT NULL,
  paused_at BIGINT NOT NULL,
  PRIMARY KEY (type, tenant)
);

-- Runners ('runner') and HTTP workers ('http') heartbeat here; live = a recent heartbeat.
CREATE TABLE workers (
  id                TEXT    PRIMARY KEY,
  kind              TEXT    NOT NULL CHECK (kind IN ('runner', 'http')),
  tenant            TEXT,
  key_id            TEXT,
  name              TEXT    NOT NULL,
  node              TEXT    NOT NULL,
  types             TEXT[]  NOT NULL,
  concurrency       INTEGER NOT NULL,
  started_at        BIGINT  NOT NULL,
  last_heartbeat_at BIGINT  NOT NULL
);
CREATE INDEX workers_last_heartbeat_idx ON workers (last_heartbeat_at);

-- Throughput over time (GET /v1/queues/throughput): finished tasks by when they finished.
CREATE INDEX tasks_finished_idx ON tasks (finished_at) WHERE finished_at IS NOT NULL;

-- Recurring submissions; a tick is submitted by the node that moves next_run_at on from exactly
-- that tick, in the transaction that inserts its task.
CREATE TABLE schedules (
  id           TEXT    PRIMARY KEY,
  tenant       TEXT    NOT NULL,
  cron         TEXT    NOT NULL,
  timezone     TEXT    NOT NULL,
  task         TEXT    NOT NULL,
  overlap      TEXT    NOT NULL CHECK (overlap IN ('skip', 'allow')),
  paused_at    BIGINT,
  next_run_at  BIGINT,
  last_tick_at BIGINT,
  last_task_id TEXT,
  ticks        BIGINT  NOT NULL DEFAULT 0,
  skipped      BIGINT  NOT NULL DEFAULT 0,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL
);
CREATE INDEX schedules_due_idx ON schedules (next_run_at) WHERE paused_at IS NULL;
CREATE INDEX schedules_tenant_idx ON schedules (tenant, created_at, id);
