-- 005: an idempotency record of a bulk submission keeps its item outcomes in their own column. They
-- used to be stored in task_id as `bulk:<JSON>`; records written that way move over, so they still
-- replay. A record links a task (task_id) or a bulk outcome (outcome), never both.

ALTER TABLE idempotency_keys ADD COLUMN outcome TEXT;

UPDATE idempotency_keys SET outcome = substr(task_id, 6), task_id = NULL
WHERE substr(task_id, 1, 5) = 'bulk:';
