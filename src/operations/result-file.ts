import type { TaskRow } from '../domain/task.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';

// A succeeded task whose result is one file: the result is an object whose `file` names a file the
// task produced (lomo answers `{ file }`, export `{ file, rows, format }`: the other members stay
// readable in the task document's `result`). Its `/result` is then a 303 to the file's signed link;
// any other result is JSON.

export async function resultFile(store: FileStore, task: TaskRow): Promise<FileRow | null> {
  if (task.status !== 'succeeded' || task.resultJson === null) return null;
  let result: unknown;
  try {
    result = JSON.parse(task.resultJson);
  } catch {
    return null;
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const id = (result as { file?: unknown }).file;
  if (typeof id !== 'string') return null;
  const file = await store.fileGet({ tenant: task.tenant, id });
  return file && file.state === 'ready' && file.taskId === task.id ? file : null;
}
