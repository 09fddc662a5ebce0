import type { FileStorage } from '../files/file-storage.ts';
import type { FileStore } from '../store/file-store.ts';
import { fileHeld, loadFile } from './file-lookup.ts';

// DELETE /v1/files/{id}: the record becomes a tombstone (its id and links answer 410 from now on),
// then the bytes go. Should removing the bytes fail, the sweeper removes them later. A file an
// unfinished task was submitted with is held by it (docs/files.md): 409 file-held names the tasks.

export async function deleteFile(store: FileStore, storage: FileStorage, params: { tenant: string | null; id: string }): Promise<void> {
  const file = await loadFile(store, params.tenant, params.id);
  const deleted = await store.fileDelete({ tenant: params.tenant, id: file.id });
  if (!deleted) {
    const holders = await store.fileHolders({ id: file.id });
    if (holders.length > 0) throw fileHeld(file.id, holders);
    // Deleted by someone else in between: the lookup answers as it would now (410).
    await loadFile(store, params.tenant, params.id);
  }
  await storage.removeDeleted(store, 10).catch(() => {});
}
