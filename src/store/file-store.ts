// The file part of the store seam: the records of stored files (their bytes live behind a blob
// driver, src/files/) and the keys that sign download links. Implemented by sqlite/file-store.ts and
// postgres/file-store.ts.
//
// A record's life: `writing` while its bytes stream in → `ready` (an upload) or `attempt` (written by
// a running attempt; the migration's trigger makes it `ready` when that attempt succeeds, in the same
// transaction) → `deleted` when its owner lets go (a client DELETE, an upload's expiry, its task
// destroyed or purged: another trigger, a failed attempt, or the sweeper finding it orphaned). A
// deleted record keeps its blob key until the bytes are removed (fileBlobForget), then stays as a
// tombstone: its id answers 410.

export type FileState = 'writing' | 'attempt' | 'ready' | 'deleted';

export interface FileRow {
  id: string;
  tenant: string;
  name: string;
  contentType: string;
  /** Null while writing. */
  size: number | null;
  /** Hex; null while writing. */
  sha256: string | null;
  /** The driver holding the bytes (`database`, `directory`, `s3`). */
  driver: string;
  /** Null once the bytes were removed. */
  blobKey: string | null;
  /** The task whose attempt wrote it; null for uploads. */
  taskId: string | null;
  leaseToken: string | null;
  state: FileState;
  createdAt: number;
  /** Uploads: when the file expires. Task files go with their task (null). */
  expiresAt: number | null;
}

export interface FileCreateParams {
  file: Omit<FileRow, 'size' | 'sha256' | 'state'>;
}

export interface FileStoredParams {
  id: string;
  size: number;
  sha256: string;
  /** `ready` for uploads, `attempt` for files of a running attempt. */
  state: 'ready' | 'attempt';
}

export interface FileGetParams {
  /** null: any tenant (admin keys, runners). */
  tenant: string | null;
  id: string;
}

export interface FileListParams {
  tenant: string | null;
  limit: number;
  /** The last file of the previous page: the page continues after it (newest first). */
  after?: { createdAt: number; id: string };
}

export interface FileListByTasksParams {
  taskIds: string[];
}

export interface FileDeleteParams {
  tenant: string | null;
  id: string;
}

export interface FileDiscardAttemptParams {
  taskId: string;
  leaseToken: string;
}

export interface FileHoldersParams {
  id: string;
}

export interface FileSweepParams {
  now: number;
  /** Uploads still `writing` that were created before this are orphans (their request died). */
  writingBefore: number;
}

export interface FileListRemovableParams {
  limit: number;
}

export interface FileRemovable {
  id: string;
  driver: string;
  blobKey: string;
}

export interface FileBlobForgetParams {
  id: string;
}

export interface SigningKey {
  id: string;
  secret: string;
  createdAt: number;
}

export interface FileSigningKeysParams {
  /** Stored when the database has no key yet (the first start); otherwise ignored. */
  candidate: SigningKey;
}

export interface FileStore {
  /** Records a file about to be written (`writing`), before any byte is stored. */
  fileCreate(params: FileCreateParams): Promise<void>;
  /** Its bytes are stored: size, digest and the new state. Null when it is no longer `writing` (deleted meanwhile). */
  fileStored(params: FileStoredParams): Promise<FileRow | null>;
  /** Any state, tombstones included. */
  fileGet(params: FileGetParams): Promise<FileRow | null>;
  /** Ready files, newest first. */
  fileList(params: FileListParams): Promise<FileRow[]>;
  /** The ready files of these tasks, oldest first. */
  fileListByTasks(params: FileListByTasksParams): Promise<FileRow[]>;
  /**
   * A client deletes a file of its tenant: the deleted record, or null when there was none not yet
   * deleted or a task holds it (fileHolders says which).
   */
  fileDelete(params: FileDeleteParams): Promise<FileRow | null>;
  /** The tasks holding the file now (pending, queued or running, submitted with it in a file field). */
  fileHolders(params: FileHoldersParams): Promise<string[]>;
  /** The files an attempt wrote, when it did not succeed: deleted. Returns how many. */
  fileDiscardAttempt(params: FileDiscardAttemptParams): Promise<number>;
  /**
   * Deletes orphans: uploads whose request died while writing, files of attempts that are no longer
   * running (a crash, a lost lease), and expired uploads no task holds. Returns how many.
   */
  fileSweep(params: FileSweepParams): Promise<number>;
  /** Deleted records whose bytes are still stored. */
  fileListRemovable(params: FileListRemovableParams): Promise<FileRemovable[]>;
  /** The bytes were removed: the record stays as a tombstone. */
  fileBlobForget(params: FileBlobForgetParams): Promise<void>;
  /** The stored signing keys, newest first; the candidate is stored when there are none. */
  fileSigningKeys(params: FileSigningKeysParams): Promise<SigningKey[]>;
}
