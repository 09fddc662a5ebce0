-- 006: HTTP workers and the day-one operations. Worker keys (a scope of task types on api_keys),
-- paused queues, the live-worker list, and recurring schedules.

-- A worker key may claim and report for these task types only (a JSON array); NULL for every
-- other key. worker_all_tenants = 1: it serves every tenant's tasks, else only its own tenant's.
ALTER TABLE api_keys ADD COLUMN worker_types TEXT;
ALTER TABLE api_keys ADD COLUMN worker_all_tenants INTEGER NOT NULL DEFAULT 0;

-- A paused queue: (type, tenant), or (type, '*') for every tenant. Claims skip the tasks of a
-- paused queue (the NOT EXISTS in every claim statement reads this table's primary key).
CREATE TABLE queue_pauses (
  type      TEXT    NOT NULL,
  tenant    TEXT    NOT NULL,
  paused_at INTEGER NOT NULL,
  PRIMARY KEY (type, tenant)
);

-- Runners (in-process, kind 'runner') and HTTP workers (kind 'http') announce themselves here and
-- heartbeat; live = a recent heartbeat.
CREATE TABLE workers (
  id                TEXT    PRIMARY KEY,
  kind              TEXT    NOT NULL CHECK (kind IN ('runner', 'http')),
  -- The tenant an HTTP worker serves; NULL: every tenant (runners, all-tenant worker keys).
  tenant            TEXT,
  key_id            TEXT,
  name              TEXT    NOT NULL,
  node              TEXT    NOT NULL,
  -- JSON array of task types.
  types             TEXT    NOT NULL,
  concurrency       INTEGER NOT NULL,
  started_at        INTEGER NOT NULL,
  last_heartbeat_at INTEGER NOT NULL
);
CREATE INDEX workers_last_heartbeat ON workers (last_heartbeat_at);

-- Throughput over time (GET /v1/queues/throughput): finished tasks by when they finished.
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;

-- Recurring submissions. next_run_at is the next tick not yet submitted: a node submits a tick only
-- by moving next_run_at on from exactly that value, in the transaction that inserts the task, so
-- one tick gives one task however many nodes look at once.
CREATE TABLE schedules (
  id           TEXT    PRIMARY KEY,
  tenant       TEXT    NOT NULL,
  cron         TEXT    NOT NULL,
  timezone     TEXT    NOT NULL,
  -- The submission body (JSON), as for POST /v1/tasks.
  task         TEXT    NOT NULL,
  overlap      TEXT    NOT NULL CHECK (overlap IN ('skip', 'allow')),
  paused_at    INTEGER,
  next_run_at  INTEGER,
  last_tick_at INTEGER,
  last_task_id TEXT,
  ticks        INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE paused_at IS NULL;
CREATE INDEX schedules_tenant ON schedules (tenant, created_at, id);
