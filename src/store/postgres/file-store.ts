import type { FileRow, FileState, FileStore } from '../file-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { Row, StoreContext } from './connection.ts';

// File records and the signing keys of download links.

const Q = loadQueries(new URL('./file-store.sql', import.meta.url), [
  'fileCreate', 'fileStored', 'fileGet', 'fileList', 'fileListByTasks', 'fileDeleteLock', 'fileDelete', 'fileHolders', 'fileDiscardAttempt',
  'fileSweepWriting', 'fileSweepAttempts', 'fileSweepExpired', 'fileListRemovable', 'fileBlobForget',
  'fileSigningKeyInsert', 'fileSigningKeyLock', 'fileSigningKeys',
] as const);

function fileFromRow(r: Row): FileRow {
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

export function postgresFileStore(ctx: StoreContext): FileStore {
  const sql = ctx.queries(Q);
  const one = (rows: Row[]) => (rows[0] ? fileFromRow(rows[0]) : null);

  return {
    async fileCreate({ file: f }) {
      await sql.run('fileCreate', [f.id, f.tenant, f.name, f.contentType, f.driver, f.blobKey, f.taskId, f.leaseToken, f.createdAt, f.expiresAt]);
    },
    async fileStored({ id, size, sha256, state }) {
      return one(await sql.rows('fileStored', [id, size, sha256, state]));
    },
    async fileGet({ tenant, id }) {
      return one(await sql.rows('fileGet', [id, tenant]));
    },
    async fileList({ tenant, limit, after }) {
      return (await sql.rows('fileList', [tenant, limit, after?.createdAt ?? null, after?.id ?? null])).map(fileFromRow);
    },
    async fileListByTasks({ taskIds }) {
      if (taskIds.length === 0) return [];
      return (await sql.rows('fileListByTasks', [taskIds])).map(fileFromRow);
    },
    fileDelete({ tenant, id }) {
      return ctx.tx(async (tx) => {
        const q = tx.queries(Q);
        await q.run('fileDeleteLock', [id]);
        return one(await q.rows('fileDelete', [id, tenant]));
      });
    },
    async fileHolders({ id }) {
      return (await sql.rows('fileHolders', [id])).map((r) => r.id as string);
    },
    async fileDiscardAttempt({ taskId, leaseToken }) {
      return (await sql.run('fileDiscardAttempt', [taskId, leaseToken])).rowCount ?? 0;
    },
    fileSweep({ now, writingBefore }) {
      return ctx.tx(async (tx) => {
        const q = tx.queries(Q);
        let n = (await q.run('fileSweepWriting', [writingBefore])).rowCount ?? 0;
        n += (await q.run('fileSweepAttempts', [])).rowCount ?? 0;
        n += (await q.run('fileSweepExpired', [now])).rowCount ?? 0;
        return n;
      });
    },
    async fileListRemovable({ limit }) {
      const rows = await sql.rows('fileListRemovable', [limit]);
      return rows.map((r) => ({ id: r.id as string, driver: r.driver as string, blobKey: r.blob_key as string }));
    },
    async fileBlobForget({ id }) {
      await sql.run('fileBlobForget', [id]);
    },
    fileSigningKeys({ candidate }) {
      return ctx.tx(async (tx) => {
        const q = tx.queries(Q);
        await q.run('fileSigningKeyLock', []);
        await q.run('fileSigningKeyInsert', [candidate.id, candidate.secret, candidate.createdAt]);
        const rows = await q.rows('fileSigningKeys', []);
        return rows.map((r) => ({ id: r.id as string, secret: r.secret as string, createdAt: r.created_at as number }));
      });
    },
  };
}
