import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { positionIn } from '../../../src/domain/queue-position.ts';
import type { NewTask, TaskError, TaskRow } from '../../../src/domain/task.ts';
import type { Store } from '../../../src/store/store.ts';

// What the parts of the Store contract share. Each part (tasks.ts, attempts.ts, …) opens its own
// store and speaks only the Store interface. Tests share their part's store, so each uses its own
// random tenant and task types; queue-wide maintenance calls are asserted on this test's ids only.

export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

/** A backend's opener: a fresh, migrated store (SQLite: own file; PostgreSQL: own schema). */
export type OpenStore = () => Promise<OpenedStore>;

export const HOUR = 3_600_000;
export const ERR: TaskError = { type: 'about:blank', title: 'Gone', status: 500, code: 'test_error' };

export const uid = () => randomUUID().replaceAll('-', '').slice(0, 12);
export const tenant = () => `tenant-${uid()}`;
export const type = () => `type-${uid()}`;

export function newTask(overrides: Partial<NewTask> & { tenant: string; type: string; now: number }): NewTask {
  const { now, ...rest } = overrides;
  return {
    id: `tsk_${uid()}${uid()}`,
    status: 'queued',
    customId: null,
    priority: 0,
    inputJson: '{"n":1}',
    metadata: null,
    fingerprint: 'fp',
    runAt: now,
    timeoutSeconds: 30,
    maxAttempts: 3,
    callbackUrl: null,
    createdAt: now,
    expiresAt: now + HOUR,
    ...rest,
  };
}

/** Records the store's events so a test can assert what was announced and when. */
export function recordEvents(store: Store) {
  const changed: string[] = [];
  const available: string[] = [];
  const offs = [store.events.onTaskChanged((id) => changed.push(id)), store.events.onTaskAvailable((t) => available.push(t))];
  return {
    changed,
    available,
    off: () => {
      for (const off of offs) off();
    },
  };
}

/** Helpers over the part's store (read when called: the store is opened in `before`). */
export function storeHelpers(current: () => Store) {
  const claimOne = async (taskType: string, now: number, leaseMs = 30_000) => {
    const claimed = await current().taskClaim({ types: [taskType], perType: {}, limit: 1, workerId: 'w1', leaseMs, now });
    assert.equal(claimed.length, 1);
    return claimed[0]!;
  };
  /** The API's position: the head of the type's queue read with `cap` entries, counted ahead. */
  const position = async (task: TaskRow, cap = 1000) =>
    positionIn(await current().taskQueueHead({ type: task.type, limit: cap }), task, cap);
  return { claimOne, position };
}
