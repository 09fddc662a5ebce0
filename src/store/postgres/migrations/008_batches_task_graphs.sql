-- 008: task graphs (dependsOn), atomic execution groups with compensation, and durable batches.
-- Mirrors src/store/sqlite/migrations/008_batches_task_graphs.sql: same tables, columns, triggers and
-- meaning.
--
-- Task graphs. A child waits in `pending` with `deps_waiting` = the parents it still waits for (one
-- per edge of task_dependencies). The triggers below resolve a parent's children in the same
-- transaction as the parent's last status change, whichever statement makes it (completion, final
-- failure, cancel, expiry, rescue, destroy), so a child is claimable the moment its last parent's
-- success commits:
--   tasks_dependents_release: a parent finished → each waiting child that this outcome releases
--     (every child when it succeeded, the `always` children otherwise) waits for one parent less, and
--     is queued when none is left (pending until its runAt if that is later);
--   tasks_dependents_fail: a parent failed or was canceled → every pending descendant that does not
--     run anyway (dependencyPolicy is not `always`) fails with `dependency-failed`, transitively, in
--     one statement (a recursive query, not trigger recursion: a chain of a few hundred triggers
--     exceeds PostgreSQL's stack depth). Those failures fire tasks_dependents_release for their own
--     `always` children; tasks_dependents_fail itself acts only when fired by a statement of the
--     store (pg_trigger_depth() = 1), the descendants being already done;
--   tasks_dependents_destroyed: an unfinished parent was destroyed → as a failure (the database clock
--     gives the time; the failed children keep the expiry of an unstarted task);
--   tasks_dependency_edges_cleanup: a child's edges go with its row.
-- Failed or canceled descendants inherit the parent's finish time and expiry: they finish with it.
-- Each trigger's WHEN reads only the row's own columns (`has_dependents`), so tasks without
-- dependents never call the functions.

ALTER TABLE tasks ADD COLUMN depends_on JSONB;                       -- array of parent ids, as submitted
ALTER TABLE tasks ADD COLUMN dependency_policy TEXT;                 -- NULL (only with dependsOn: 'succeeded') or 'always'
ALTER TABLE tasks ADD COLUMN deps_waiting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN has_dependents BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE tasks ADD COLUMN graph_depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN group_id TEXT;
ALTER TABLE tasks ADD COLUMN compensates TEXT;                       -- the member task a compensation task undoes
ALTER TABLE tasks ADD COLUMN compensated BOOLEAN NOT NULL DEFAULT false;

-- The scheduler promotes due pending tasks that wait for no parent.
DROP INDEX tasks_pending_run_at_idx;
CREATE INDEX tasks_pending_run_at_idx ON tasks (run_at) WHERE status = 'pending' AND deps_waiting = 0;
CREATE INDEX tasks_group_idx ON tasks (group_id) WHERE group_id IS NOT NULL;
-- At most one compensation task per member: creating it again is a no-op.
CREATE UNIQUE INDEX tasks_compensates_key ON tasks (compensates) WHERE compensates IS NOT NULL;

CREATE TABLE task_dependencies (
  parent_id TEXT NOT NULL,
  child_id  TEXT NOT NULL,
  PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX task_dependencies_child_idx ON task_dependencies (child_id);

-- Releases the children `p_id`'s outcome lets go (all of them when it succeeded, else the `always` ones).
CREATE FUNCTION offload_release_dependents(p_id TEXT, p_succeeded BOOLEAN, p_now BIGINT) RETURNS void
LANGUAGE sql AS $$
  UPDATE tasks SET
    deps_waiting = deps_waiting - 1,
    status = CASE WHEN deps_waiting = 1 AND run_at <= p_now THEN 'queued' ELSE 'pending' END,
    -- Runnable from now: it queues behind tasks that were runnable before it, not ahead of them. And
    -- not before any parent's finish time: parents of other processes may commit in another order
    -- than their clocks read, and a child must not look started before a parent finished.
    run_at = CASE WHEN deps_waiting = 1 THEN GREATEST(run_at, p_now, (
      SELECT max(p.finished_at) FROM task_dependencies e JOIN tasks p ON p.id = e.parent_id WHERE e.child_id = tasks.id))
      ELSE run_at END,
    updated_at = p_now, version = version + 1
  WHERE status = 'pending' AND deps_waiting > 0
    AND (p_succeeded OR dependency_policy = 'always')
    AND id IN (SELECT child_id FROM task_dependencies WHERE parent_id = p_id);
$$;

-- Fails every pending descendant of `p_id` that does not run anyway.
CREATE FUNCTION offload_fail_dependents(p_id TEXT, p_detail TEXT, p_now BIGINT, p_expires_at BIGINT) RETURNS void
LANGUAGE sql AS $$
  UPDATE tasks SET status = 'failed',
    error = jsonb_build_object('type', '/errors/dependency-failed', 'title', 'A task this one depends on did not succeed',
      'detail', p_detail, 'code', 'dependency-failed'),
    finished_at = p_now, expires_at = COALESCE(p_expires_at, expires_at), deps_waiting = 0,
    updated_at = p_now, version = version + 1
  WHERE status = 'pending' AND id IN (
    WITH RECURSIVE doomed(id) AS (
      SELECT d.child_id FROM task_dependencies d JOIN tasks c ON c.id = d.child_id
      WHERE d.parent_id = p_id AND c.status = 'pending' AND c.dependency_policy IS DISTINCT FROM 'always'
      UNION
      SELECT d.child_id FROM doomed JOIN task_dependencies d ON d.parent_id = doomed.id JOIN tasks c ON c.id = d.child_id
      WHERE c.status = 'pending' AND c.dependency_policy IS DISTINCT FROM 'always')
    SELECT id FROM doomed);
$$;

CREATE FUNCTION offload_task_dependents_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM offload_release_dependents(NEW.id, NEW.status = 'succeeded', NEW.updated_at);
  RETURN NULL;
END;
$$;

CREATE FUNCTION offload_task_dependents_fail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() = 1 THEN
    PERFORM offload_fail_dependents(NEW.id, 'task ' || NEW.id || ' ended ' || NEW.status, NEW.updated_at, NEW.expires_at);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION offload_task_dependents_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  now_ms BIGINT := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
  PERFORM offload_release_dependents(OLD.id, false, now_ms);
  PERFORM offload_fail_dependents(OLD.id, 'task ' || OLD.id || ' was destroyed', now_ms, NULL);
  RETURN NULL;
END;
$$;

CREATE FUNCTION offload_task_dependency_edges_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_dependencies WHERE child_id = OLD.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_dependents_release AFTER UPDATE OF status ON tasks
FOR EACH ROW
WHEN (NEW.has_dependents AND OLD.status IN ('pending', 'queued', 'running') AND NEW.status IN ('succeeded', 'failed', 'canceled'))
EXECUTE FUNCTION offload_task_dependents_release();

CREATE TRIGGER tasks_dependents_fail AFTER UPDATE OF status ON tasks
FOR EACH ROW
WHEN (NEW.has_dependents AND OLD.status IN ('pending', 'queued', 'running') AND NEW.status IN ('failed', 'canceled'))
EXECUTE FUNCTION offload_task_dependents_fail();

CREATE TRIGGER tasks_dependents_destroyed AFTER DELETE ON tasks
FOR EACH ROW
WHEN (OLD.has_dependents AND OLD.status IN ('pending', 'queued', 'running'))
EXECUTE FUNCTION offload_task_dependents_destroyed();

CREATE TRIGGER tasks_dependency_edges_cleanup AFTER DELETE ON tasks
FOR EACH ROW
WHEN (OLD.depends_on IS NOT NULL)
EXECUTE FUNCTION offload_task_dependency_edges_cleanup();

-- Execution groups (`group: { atomic: true }`). `state` is what the group coordinator
-- (src/services/group-coordinator.ts) has done: `active` until a member fails for good, then
-- `compensating` (unfinished members canceled, a compensation task created for each member that
-- succeeded), then `compensated` or `compensation-failed` once every compensation task finished.
CREATE TABLE task_groups (
  id             TEXT    PRIMARY KEY,
  tenant         TEXT    NOT NULL,
  state          TEXT    NOT NULL,
  failed_task_id TEXT,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT task_groups_state_check CHECK (state IN ('active', 'compensating', 'compensated', 'compensation-failed'))
);
CREATE INDEX task_groups_state_idx ON task_groups (state, updated_at) WHERE state IN ('active', 'compensating');

-- A member is compensated once its compensation task succeeded, in that same transaction.
CREATE FUNCTION offload_task_compensated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tasks SET compensated = true, updated_at = NEW.updated_at, version = version + 1 WHERE id = NEW.compensates;
  RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_compensated AFTER UPDATE OF status ON tasks
FOR EACH ROW
WHEN (NEW.compensates IS NOT NULL AND NEW.status = 'succeeded' AND OLD.status <> 'succeeded')
EXECUTE FUNCTION offload_task_compensated();

-- Durable batches (POST /v1/batch with Prefer: respond-async). The request list is stored as sent;
-- each sub-response is written as it completes (an atomic group's in the group's own transaction),
-- so a node that takes over an orphaned batch (its lease expired) runs only what has no response yet.
CREATE TABLE batches (
  id               TEXT    PRIMARY KEY,
  tenant           TEXT    NOT NULL,
  key_id           TEXT    NOT NULL,
  admin            BOOLEAN NOT NULL DEFAULT false,
  status           TEXT    NOT NULL,
  requests         TEXT    NOT NULL,
  total            INTEGER NOT NULL,
  done             INTEGER NOT NULL DEFAULT 0,
  lease_owner      TEXT,
  lease_token      TEXT,
  lease_expires_at BIGINT,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL,
  dispatched_at    BIGINT,
  completed_at     BIGINT,
  expires_at       BIGINT  NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  seq              BIGINT  GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT batches_status_check CHECK (status IN ('accepted', 'running', 'dispatched', 'completed'))
);
CREATE INDEX batches_tenant_seq_idx ON batches (tenant, seq DESC);
CREATE INDEX batches_unfinished_idx ON batches (status, lease_expires_at) WHERE status IN ('accepted', 'running', 'dispatched');
CREATE INDEX batches_expires_at_idx ON batches (expires_at);

CREATE TABLE batch_responses (
  batch_id      TEXT    NOT NULL,
  request_index INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  headers       TEXT    NOT NULL,
  body          TEXT,
  PRIMARY KEY (batch_id, request_index)
);

-- The tasks a batch's sub-requests created, for the work progress and batch.completed.
CREATE TABLE batch_tasks (
  batch_id TEXT NOT NULL,
  task_id  TEXT NOT NULL,
  PRIMARY KEY (batch_id, task_id)
);
