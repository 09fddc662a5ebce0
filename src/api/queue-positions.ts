import { positionIn, type QueueEntry } from '../domain/queue-position.ts';
import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// Queue positions for task documents from a per-process snapshot of each type's queue head (the first
// `cap` queued tasks in claim order), instead of one counting query per document: a status monitor
// polled by many clients reads the queue index once per type and moment, not once per request.
//
// Freshness: a snapshot is dropped at once when this process sees a task change (its own submits,
// claims and completions; on PostgreSQL also other processes', via LISTEN/NOTIFY), and is never
// used after `ttlMs`, which bounds how late changes made by other processes show on SQLite.

export const POSITION_SNAPSHOT_TTL_MS = 250;

export interface QueuePositions {
  /**
   * Tasks claimed before `task` (0 unless queued), exact below `cap`, else `cap` ("at least").
   * Through `via` when given and not the snapshot's own store (a transaction's view): read, not kept.
   */
  position(task: TaskRow, via?: Store): Promise<number>;
  close(): void;
}

interface Snapshot {
  head: QueueEntry[];
  at: number;
}

export function createQueuePositions(store: Store, options: { cap: number; ttlMs?: number }): QueuePositions {
  const ttlMs = options.ttlMs ?? POSITION_SNAPSHOT_TTL_MS;
  const snapshots = new Map<string, Snapshot>();
  const loading = new Map<string, { generation: number; read: Promise<QueueEntry[]> }>();
  // Bumped by every change: a read that started before a change must not be kept as current.
  let generation = 0;
  const invalidate = () => {
    generation++;
    if (snapshots.size > 0) snapshots.clear();
  };
  const offAvailable = store.events.onTaskAvailable(invalidate);
  const offChanged = store.events.onTaskChanged(invalidate);

  function head(type: string): Promise<QueueEntry[]> {
    const now = performance.now();
    const cached = snapshots.get(type);
    if (cached && now - cached.at < ttlMs) return Promise.resolve(cached.head);
    // Share a read in flight only if nothing changed since it started.
    const pending = loading.get(type);
    if (pending && pending.generation === generation) return pending.read;
    const startedAt = generation;
    const read = store.taskQueueHead({ type, limit: options.cap }).then((entries) => {
      if (generation === startedAt) snapshots.set(type, { head: entries, at: now });
      return entries;
    });
    const entry = { generation: startedAt, read };
    loading.set(type, entry);
    const done = () => {
      if (loading.get(type) === entry) loading.delete(type);
    };
    read.then(done, done);
    return read;
  }

  return {
    async position(task, via) {
      if (task.status !== 'queued') return 0;
      if (via && via !== store) return positionIn(await via.taskQueueHead({ type: task.type, limit: options.cap }), task, options.cap);
      return positionIn(await head(task.type), task, options.cap);
    },
    close() {
      offAvailable();
      offChanged();
      snapshots.clear();
    },
  };
}
