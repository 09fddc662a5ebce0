import type { FileRow, FileStore } from '../store/file-store.ts';

// A tenant's files, newest first. The cursor is `<createdAt>.<id>` of the last file of the previous
// page (the route's schema checks its shape); a full page has a next cursor, a short one has none.

export interface FilePage {
  files: FileRow[];
  nextCursor: string | null;
}

export async function listFiles(store: FileStore, params: { tenant: string | null; limit: number; cursor?: string }): Promise<FilePage> {
  const [createdAt, id] = params.cursor ? params.cursor.split('.') : [];
  const after = createdAt && id ? { createdAt: Number(createdAt), id } : undefined;
  const files = await store.fileList({ tenant: params.tenant, limit: params.limit, after });
  const last = files.at(-1);
  return { files, nextCursor: files.length === params.limit && last ? `${last.createdAt}.${last.id}` : null };
}
