import type { FileRow, FileState, FileStore } from '../file-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import type { SqlRow } from './row-mapping.ts';

// File records and the signing keys of download links.

const Q = loadQueries(new URL('./file-store.sql', import.meta.url), [
  'fileCreate', 'fileStored', 'fileGet', 'fileList', 'fileListByTasks', 'fileDelete', 'fileHolders', 'fileDiscardAttempt',
  'fileSweepWriting', 'fileSweepAttempts', 'fileSweepExpired', 'fileListRemovable', 'fileBlobForget',
  'fileSigningKeyInsert', 'fileSigningKeys',
] as const);

function fileFromRow(r: SqlRow): FileRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    name: r.name as string,
    contentType: r.content_type as string,
    size: r.size as number | null,
    sha256: r.sha256 as string | null,
    driver: r.driver as string,
    blobKey: r.blob_key as string | null,
    taskId: r.task_id as string | null,
    leaseToken: r.lease_token as string | null,
    state: r.state as FileState,
    createdAt: r.created_at as number,
    expiresAt: r.expires_at as number | null,
  };
}

export function sqliteFileStore(c: SqliteConnection): SyncPart<FileStore> {
  const sql = c.queries(Q);

  return {
    fileCreate({ file }, sink) {
      c.write1(sink, () => sql.run('fileCreate', file));
    },
    fileStored(p, sink) {
      return c.write1(sink, () => {
        const r = sql.get('fileStored', p);
        return r ? fileFromRow(r) : null;
      });
    },
    fileGet(p) {
      const r = sql.get('fileGet', p);
      return r ? fileFromRow(r) : null;
    },
    fileList: (p) =>
      sql
        .all('fileList', { tenant: p.tenant, limit: p.limit, afterCreatedAt: p.after?.createdAt ?? null, afterId: p.after?.id ?? null })
        .map(fileFromRow),
    fileListByTasks: (p) => (p.taskIds.length === 0 ? [] : sql.all('fileListByTasks', { taskIds: JSON.stringify(p.taskIds) }).map(fileFromRow)),
    fileDelete(p, sink) {
      return c.write1(sink, () => {
        const r = sql.get('fileDelete', p);
        return r ? fileFromRow(r) : null;
      });
    },
    fileHolders: (p) => sql.all('fileHolders', p).map((r) => r.id as string),
    fileDiscardAttempt: (p, sink) => c.write1(sink, () => Number(sql.run('fileDiscardAttempt', p).changes)),
    fileSweep(p, sink) {
      return c.write(sink, () => {
        let n = Number(sql.run('fileSweepWriting', { writingBefore: p.writingBefore }).changes);
        n += Number(sql.run('fileSweepAttempts').changes);
        n += Number(sql.run('fileSweepExpired', { now: p.now }).changes);
        return n;
      });
    },
    fileListRemovable: (p) =>
      sql.all('fileListRemovable', p).map((r) => ({ id: r.id as string, driver: r.driver as string, blobKey: r.blob_key as string })),
    fileBlobForget(p, sink) {
      c.write1(sink, () => sql.run('fileBlobForget', p));
    },
    fileSigningKeys({ candidate }, sink) {
      return c.write(sink, () => {
        sql.run('fileSigningKeyInsert', candidate);
        return sql.all('fileSigningKeys').map((r) => ({ id: r.id as string, secret: r.secret as string, createdAt: r.created_at as number }));
      });
    },
  };
}
