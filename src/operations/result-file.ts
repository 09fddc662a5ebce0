import type { TaskRow } from '../domain/task.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';

// A succeeded task whose result is one file: the result is exactly `{ "file": "<id>" }` naming a file
// the task produced (the built-in lomo type answers so). Its `/result` is then a 303 to the file's
// signed link; any other result is JSON.

export async function resultFile(store: FileStore, task: TaskRow): Promise<FileRow | null> {
  if (task.status !== 'succeeded' || task.resultJson === null) return null;
  let result: unknown;
  try {
    result = JSON.parse(task.resultJson);
  } catch {
    return null;
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const keys = Object.keys(result);
  const id = (result as { file?: unknown }).file;
  if (keys.length !== 1 || typeof id !== 'string') return null;
  const file = await store.fileGet({ tenant: task.tenant, id });
  return file && file.state === 'ready' && file.taskId === task.id ? file : null;
}
