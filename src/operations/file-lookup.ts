import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';

// One lookup for every route on /v1/files/{id}: malformed or unknown ids and other tenants' files are
// 404, deleted ones (tombstones) 410, files still being written or of an unfinished attempt 404.

export async function loadFile(store: FileStore, tenant: string | null, id: string): Promise<FileRow> {
  if (!isWellFormedId(id, 'fil')) throw fileNotFound(id);
  const file = await store.fileGet({ tenant, id });
  if (!file || file.state === 'writing' || file.state === 'attempt') throw fileNotFound(id);
  if (file.state === 'deleted') throw fileGone(id);
  return file;
}

export function fileNotFound(id: string): ProblemError {
  return new ProblemError('file-not-found', `No file ${id}.`);
}

export function fileHeld(id: string, tasks: string[]): ProblemError {
  const named = tasks.slice(0, 10);
  return new ProblemError('file-held', `File ${id} is held by task ${named.join(', ')}${tasks.length > named.length ? ' and others' : ''} until it finishes.`, {
    extensions: { tasks: named },
  });
}

export function fileGone(id: string): ProblemError {
  return new ProblemError('file-gone', `File ${id} was deleted.`);
}
