-- The task-graph part's queries (the store methods of graph-store.ts), PostgreSQL dialect: the same
-- names as ../sqlite/graph-store.sql where a query maps to one store method in both.
-- What happens to children when a parent finishes is in the triggers of migrations/008.

-- name: taskGraphParents
-- Locked in id order (two children of the same parents cannot deadlock), against the parents'
-- completion: a parent finishing meanwhile waits for this link to commit, then resolves the child.
-- $1 tenant, $2 ids
SELECT id, status, graph_depth FROM tasks WHERE tenant = $1 AND id = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE;

-- name: taskGraphMarkParents
UPDATE tasks SET has_dependents = true WHERE id = ANY($1::text[]) AND NOT has_dependents;

-- name: taskGraphEdges
-- $1 parent ids, $2 child id
INSERT INTO task_dependencies (parent_id, child_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING;

-- name: taskGraphLinkChild
-- $1 child id, $2 parent ids (jsonb), $3 policy, $4 waiting, $5 depth, $6 state ('wait' | 'run' | 'fail'),
-- $7 error, $8 now, $9 retentionMs
UPDATE tasks SET
  depends_on = $2::jsonb, dependency_policy = $3, deps_waiting = $4, graph_depth = $5,
  status = CASE $6 WHEN 'fail' THEN 'failed' WHEN 'run' THEN (CASE WHEN run_at <= $8 THEN 'queued' ELSE 'pending' END) ELSE 'pending' END,
  error = CASE $6 WHEN 'fail' THEN $7::jsonb ELSE error END,
  finished_at = CASE $6 WHEN 'fail' THEN $8::bigint ELSE finished_at END,
  expires_at = CASE $6 WHEN 'fail' THEN $8::bigint + $9::bigint ELSE expires_at END,
  updated_at = $8, version = version + 1
WHERE id = $1
RETURNING *;

-- name: taskParents
SELECT j.id, t.type, t.status, t.result
FROM tasks c CROSS JOIN LATERAL jsonb_array_elements_text(c.depends_on) WITH ORDINALITY AS j(id, ord)
LEFT JOIN tasks t ON t.id = j.id
WHERE c.id = $1
ORDER BY j.ord;

-- name: taskDependentsOf
-- The children of the given parents, and (transitively) theirs where a parent did not succeed:
-- what a finished parent changed, for the store's announcements after commit. $1 ids, $2 transitive
WITH RECURSIVE affected(id) AS (
  SELECT d.child_id FROM task_dependencies d WHERE d.parent_id = ANY($1::text[])
  UNION
  SELECT d.child_id FROM affected a JOIN task_dependencies d ON d.parent_id = a.id WHERE $2::boolean)
SELECT t.id, t.type, t.status FROM affected a JOIN tasks t ON t.id = a.id
LIMIT 10000;
