import { ProblemError } from '../domain/problems.ts';
import { checkDownload, type SigningKeyRing } from '../files/download-token.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';

// A signed download link, checked: a malformed or forged token is 404 (nothing about any file is
// told), an expired link 410, a link to a file that was deleted since (by a client, with its task,
// by retention) 410.

export async function openDownload(store: FileStore, params: { token: string; now: number }, deps: { keys: SigningKeyRing }): Promise<FileRow> {
  const check = checkDownload(deps.keys, params.token, params.now);
  if (!check.ok && check.reason !== 'expired') throw new ProblemError('download-not-found', 'No such download link.');
  if (!check.ok) {
    throw new ProblemError('download-expired', `The link expired at ${new Date(check.expiresAt).toISOString()}; ask the API for a fresh one.`);
  }
  const file = await store.fileGet({ tenant: null, id: check.fileId });
  // A valid signature says the file existed: whatever happened to it since, it is gone.
  if (file?.state !== 'ready') throw new ProblemError('file-gone', `File ${check.fileId} was deleted.`);
  return file;
}
