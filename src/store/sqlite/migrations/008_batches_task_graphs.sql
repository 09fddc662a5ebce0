-- 008: task graphs (dependsOn), atomic execution groups with compensation, and durable batches.
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
--     one statement (a recursive query: no trigger recursion, so the depth of a graph is not bounded by
--     the trigger stack). Those failures fire tasks_dependents_release for their own `always` children.
--     SQLite does not fire a trigger from its own statement while recursive_triggers is off (the
--     default, set explicitly by the store), which is what keeps this one level deep;
--   tasks_dependents_destroyed: an unfinished parent was destroyed → as a failure (the database clock
--     gives the time; the failed children keep the expiry of an unstarted task);
--   tasks_dependency_edges_cleanup: a child's edges go with its row.
-- Failed or canceled descendants inherit the parent's finish time and expiry: they finish with it.

ALTER TABLE tasks ADD COLUMN depends_on TEXT;                        -- JSON array of parent ids, as submitted
ALTER TABLE tasks ADD COLUMN dependency_policy TEXT;                 -- NULL (only with dependsOn: 'succeeded') or 'always'
ALTER TABLE tasks ADD COLUMN deps_waiting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN has_dependents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN graph_depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN group_id TEXT;
ALTER TABLE tasks ADD COLUMN compensates TEXT;                       -- the member task a compensation task undoes
ALTER TABLE tasks ADD COLUMN compensated INTEGER NOT NULL DEFAULT 0;

-- The scheduler promotes due pending tasks that wait for no parent.
DROP INDEX tasks_pending_run_at;
CREATE INDEX tasks_pending_run_at ON tasks (status, run_at) WHERE status = 'pending' AND deps_waiting = 0;
CREATE INDEX tasks_group ON tasks (group_id) WHERE group_id IS NOT NULL;
-- At most one compensation task per member: creating it again is a no-op.
CREATE UNIQUE INDEX tasks_compensates ON tasks (compensates) WHERE compensates IS NOT NULL;

CREATE TABLE task_dependencies (
  parent_id TEXT NOT NULL,
  child_id  TEXT NOT NULL,
  PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX task_dependencies_child ON task_dependencies (child_id);

CREATE TRIGGER tasks_dependents_release AFTER UPDATE OF status ON tasks
WHEN NEW.has_dependents = 1 AND OLD.status IN ('pending', 'queued', 'running')
  AND NEW.status IN ('succeeded', 'failed', 'canceled')
BEGIN
  UPDATE tasks SET
    deps_waiting = deps_waiting - 1,
    status = CASE WHEN deps_waiting = 1 AND run_at <= NEW.updated_at THEN 'queued' ELSE 'pending' END,
    -- Runnable from now: it queues behind tasks that were runnable before it, not ahead of them. And
    -- not before any parent's finish time: parents of other processes may commit in another order
    -- than their clocks read, and a child must not look started before a parent finished.
    run_at = CASE WHEN deps_waiting = 1 THEN max(run_at, NEW.updated_at, coalesce((
      SELECT max(p.finished_at) FROM task_dependencies e JOIN tasks p ON p.id = e.parent_id WHERE e.child_id = tasks.id), 0))
      ELSE run_at END,
    updated_at = NEW.updated_at, version = version + 1
  WHERE status = 'pending' AND deps_waiting > 0
    AND (NEW.status = 'succeeded' OR dependency_policy = 'always')
    AND id IN (SELECT child_id FROM task_dependencies WHERE parent_id = NEW.id);
END;

CREATE TRIGGER tasks_dependents_fail AFTER UPDATE OF status ON tasks
WHEN NEW.has_dependents = 1 AND OLD.status IN ('pending', 'queued', 'running') AND NEW.status IN ('failed', 'canceled')
BEGIN
  UPDATE tasks SET status = 'failed',
    error = json_object('type', '/errors/dependency-failed', 'title', 'A task this one depends on did not succeed',
      'detail', 'task ' || NEW.id || ' ended ' || NEW.status, 'code', 'dependency-failed'),
    finished_at = NEW.updated_at, expires_at = NEW.expires_at, deps_waiting = 0,
    updated_at = NEW.updated_at, version = version + 1
  WHERE status = 'pending' AND id IN (
    WITH RECURSIVE doomed(id) AS (
      SELECT d.child_id FROM task_dependencies d JOIN tasks c ON c.id = d.child_id
      WHERE d.parent_id = NEW.id AND c.status = 'pending' AND c.dependency_policy IS NOT 'always'
      UNION
      SELECT d.child_id FROM doomed JOIN task_dependencies d ON d.parent_id = doomed.id JOIN tasks c ON c.id = d.child_id
      WHERE c.status = 'pending' AND c.dependency_policy IS NOT 'always')
    SELECT id FROM doomed);
END;

CREATE TRIGGER tasks_dependents_destroyed AFTER DELETE ON tasks
WHEN OLD.has_dependents = 1 AND OLD.status IN ('pending', 'queued', 'running')
BEGIN
  UPDATE tasks SET
    deps_waiting = deps_waiting - 1,
    status = CASE WHEN deps_waiting = 1 AND run_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER) THEN 'queued' ELSE 'pending' END,
    run_at = CASE WHEN deps_waiting = 1 THEN max(run_at, CAST(unixepoch('subsec') * 1000 AS INTEGER), coalesce((
      SELECT max(p.finished_at) FROM task_dependencies e JOIN tasks p ON p.id = e.parent_id WHERE e.child_id = tasks.id), 0))
      ELSE run_at END,
    updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), version = version + 1
  WHERE status = 'pending' AND deps_waiting > 0 AND dependency_policy = 'always'
    AND id IN (SELECT child_id FROM task_dependencies WHERE parent_id = OLD.id);
  UPDATE tasks SET status = 'failed',
    error = json_object('type', '/errors/dependency-failed', 'title', 'A task this one depends on did not succeed',
      'detail', 'task ' || OLD.id || ' was destroyed', 'code', 'dependency-failed'),
    finished_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), deps_waiting = 0,
    updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), version = version + 1
  WHERE status = 'pending' AND id IN (
    WITH RECURSIVE doomed(id) AS (
      SELECT d.child_id FROM task_dependencies d JOIN tasks c ON c.id = d.child_id
      WHERE d.parent_id = OLD.id AND c.status = 'pending' AND c.dependency_policy IS NOT 'always'
      UNION
      SELECT d.child_id FROM doomed JOIN task_dependencies d ON d.parent_id = doomed.id JOIN tasks c ON c.id = d.child_id
      WHERE c.status = 'pending' AND c.dependency_policy IS NOT 'always')
    SELECT id FROM doomed);
END;

CREATE TRIGGER tasks_dependency_edges_cleanup AFTER DELETE ON tasks
WHEN OLD.depends_on IS NOT NULL
BEGIN
  DELETE FROM task_dependencies WHERE child_id = OLD.id;
END;

-- Execution groups (`group: { atomic: true }`). `state` is what the group coordinator
-- (src/services/group-coordinator.ts) has done: `active` until a member fails for good, then
-- `compensating` (unfinished members canceled, a compensation task created for each member that
-- succeeded), then `compensated` or `compensation-failed` once every compensation task finished.
CREATE TABLE task_groups (
  id             TEXT    PRIMARY KEY,
  tenant         TEXT    NOT NULL,
  state          TEXT    NOT NULL CHECK (state IN ('active', 'compensating', 'compensated', 'compensation-failed')),
  failed_task_id TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_groups_state ON task_groups (state, updated_at) WHERE state IN ('active', 'compensating');

-- A member is compensated once its compensation task succeeded, in that same transaction.
CREATE TRIGGER tasks_compensated AFTER UPDATE OF status ON tasks
WHEN NEW.compensates IS NOT NULL AND NEW.status = 'succeeded' AND OLD.status <> 'succeeded'
BEGIN
  UPDATE tasks SET compensated = 1, updated_at = NEW.updated_at, version = version + 1 WHERE id = NEW.compensates;
END;

-- Durable batches (POST /v1/batch with Prefer: respond-async). The request list is stored as sent;
-- each sub-response is written as it completes (an atomic group's in the group's own transaction),
-- so a node that takes over an orphaned batch (its lease expired) runs only what has no response yet.
CREATE TABLE batches (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT    NOT NULL UNIQUE,
  tenant           TEXT    NOT NULL,
  key_id           TEXT    NOT NULL,
  admin            INTEGER NOT NULL DEFAULT 0,
  status           TEXT    NOT NULL CHECK (status IN ('accepted', 'running', 'dispatched', 'completed')),
  requests         TEXT    NOT NULL,
  total            INTEGER NOT NULL,
  done             INTEGER NOT NULL DEFAULT 0,
  lease_owner      TEXT,
  lease_token      TEXT,
  lease_expires_at INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  dispatched_at    INTEGER,
  completed_at     INTEGER,
  expires_at       INTEGER NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX batches_tenant_seq ON batches (tenant, seq);
CREATE INDEX batches_unfinished ON batches (status, lease_expires_at) WHERE status IN ('accepted', 'running', 'dispatched');
CREATE INDEX batches_expires_at ON batches (expires_at);

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
