-- file holds: a task submitted with files in its input (the type's `files` fields) holds them until
-- it finishes, so an upload it needs neither expires nor can be deleted under it. A hold counts while
-- its task is pending, queued or running (a retried task holds again); the row goes with the task.

CREATE TABLE file_holds (
  file_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  PRIMARY KEY (file_id, task_id)
);
CREATE INDEX file_holds_task ON file_holds (task_id);

CREATE FUNCTION offload_task_file_holds_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM file_holds WHERE task_id = OLD.id;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_file_holds_delete AFTER DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION offload_task_file_holds_delete();
