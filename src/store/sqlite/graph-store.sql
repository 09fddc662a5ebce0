-- The task-graph part's queries (the store methods of graph-store.ts), SQLite dialect: the same
-- names as ../postgres/graph-store.sql where a query maps to one store method in both.
-- What happens to children when a parent finishes is in the triggers of migrations/008.

-- name: taskGraphParents
SELECT id, status, graph_depth FROM tasks
WHERE tenant = :tenant AND id IN (SELECT value FROM json_each(:ids));

-- name: taskGraphMarkParents
UPDATE tasks SET has_dependents = 1
WHERE has_dependents = 0 AND id IN (SELECT value FROM json_each(:ids));

-- name: taskGraphEdges
INSERT OR IGNORE INTO task_dependencies (parent_id, child_id)
SELECT value, :childId FROM json_each(:ids);

-- name: taskGraphLinkChild
-- :state: 'wait' (parents left), 'run' (none left: queued when due), 'fail' (a parent already failed).
UPDATE tasks SET
  depends_on = :ids, dependency_policy = :policy, deps_waiting = :waiting, graph_depth = :depth,
  status = CASE :state WHEN 'fail' THEN 'failed' WHEN 'run' THEN (CASE WHEN run_at <= :now THEN 'queued' ELSE 'pending' END) ELSE 'pending' END,
  error = CASE :state WHEN 'fail' THEN :error ELSE error END,
  finished_at = CASE :state WHEN 'fail' THEN :now ELSE finished_at END,
  expires_at = CASE :state WHEN 'fail' THEN :now + :retentionMs ELSE expires_at END,
  updated_at = :now, version = version + 1
WHERE id = :childId
RETURNING *;

-- name: taskParents
SELECT j.value AS id, t.type, t.status, t.result
FROM tasks c JOIN json_each(c.depends_on) AS j LEFT JOIN tasks t ON t.id = j.value
WHERE c.id = :id
ORDER BY j.key;

-- name: taskDependentsOf
-- The children of the given parents, and (transitively) theirs where a parent did not succeed:
-- what a finished parent changed, for the store's announcements after commit.
WITH RECURSIVE affected(id, deep) AS (
  SELECT d.child_id, 0 FROM task_dependencies d WHERE d.parent_id IN (SELECT value FROM json_each(:ids))
  UNION
  SELECT d.child_id, 1 FROM affected a JOIN task_dependencies d ON d.parent_id = a.id
  WHERE :transitive = 1)
SELECT DISTINCT t.id, t.type, t.status FROM affected a JOIN tasks t ON t.id = a.id
LIMIT 10000;
