import type { RunningAttempt } from '../domain/estimates.ts';
import { positionIn } from '../domain/queue-position.ts';
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
  /** The type's running attempts (for a queued task's estimated start), from the same kind of snapshot. */
  running(type: string, via?: Store): Promise<RunningAttempt[]>;
  close(): void;
}

interface Snapshot {
  value: unknown;
  at: number;
}

/** Running attempts read per type for the estimates: more than any type runs at once in practice. */
const RUNNING_READ_LIMIT = 256;

export function createQueuePositions(store: Store, options: { cap: number; ttlMs?: number }): QueuePositions {
  const ttlMs = options.ttlMs ?? POSITION_SNAPSHOT_TTL_MS;
  const snapshots = new Map<string, Snapshot>();
  const loading = new Map<string, { generation: number; read: Promise<unknown> }>();
  // Bumped by every change: a read that started before a change must not be kept as current.
  let generation = 0;
  const invalidate = () => {
    generation++;
    if (snapshots.size > 0) snapshots.clear();
  };
  const offAvailable = store.events.onTaskAvailable(invalidate);
  const offChanged = store.events.onTaskChanged(invalidate);

  /** One read per key and moment, shared by concurrent callers, kept until a change or ttlMs. */
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = snapshots.get(key);
    if (hit && now - hit.at < ttlMs) return Promise.resolve(hit.value as T);
    // Share a read in flight only if nothing changed since it started.
    const pending = loading.get(key);
    if (pending && pending.generation === generation) return pending.read as Promise<T>;
    const startedAt = generation;
    const read = load().then((value) => {
      if (generation === startedAt) snapshots.set(key, { value, at: now });
      return value;
    });
    const entry = { generation: startedAt, read };
    loading.set(key, entry);
    const done = () => {
      if (loading.get(key) === entry) loading.delete(key);
    };
    read.then(done, done);
    return read;
  }
  const head = (type: string) => cached(`head:${type}`, () => store.taskQueueHead({ type, limit: options.cap }));

  return {
    async position(task, via) {
      if (task.status !== 'queued') return 0;
      if (via && via !== store) return positionIn(await via.taskQueueHead({ type: task.type, limit: options.cap }), task, options.cap);
      return positionIn(await head(task.type), task, options.cap);
    },
    running(type, via) {
      if (via && via !== store) return via.taskRunningOf({ type, limit: RUNNING_READ_LIMIT });
      return cached(`running:${type}`, () => store.taskRunningOf({ type, limit: RUNNING_READ_LIMIT }));
    },
    close() {
      offAvailable();
      offChanged();
      snapshots.clear();
    },
  };
}
