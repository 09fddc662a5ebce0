import type { BulkItem, TaskDocument } from './api-types.ts';
import { readJson } from './read-answer.ts';
import { parseRetryAfter } from './retry-policy.ts';

// What a submission sends besides the body (`Idempotency-Key`, `Prefer`) and what its answer says
// besides the document (replayed or not, when to poll, where the task lives).

export interface SubmitOptions {
  /** Sent as `Idempotency-Key`; default: a new random one, so that retries cannot duplicate the task. */
  idempotencyKey?: string;
  /** `async` → `Prefer: respond-async`; a number → `Prefer: wait=N` (201 if it finished within N s). */
  prefer?: 'async' | number;
  signal?: AbortSignal;
}

export interface Submitted {
  /** 202 accepted, 201 finished within the wait, 200 a replay (same customId, or same key after a 200). */
  status: number;
  task: TaskDocument;
  replayed: boolean;
  /** Integer seconds until polling is worth it (unfinished tasks), or null. */
  retryAfter: number | null;
  location: string | null;
  etag: string | null;
  preferenceApplied: string | null;
  /** The key sent (given or generated): retry with it to be safe; null for `submitWithId`. */
  idempotencyKey: string | null;
}

export interface BulkSubmitted {
  items: BulkItem[];
  replayed: boolean;
  idempotencyKey: string;
}

export function preferHeader(prefer: SubmitOptions['prefer']): string | undefined {
  if (prefer === 'async') return 'respond-async';
  return typeof prefer === 'number' ? `wait=${Math.max(0, Math.floor(prefer))}` : undefined;
}

export async function submitted(res: Response): Promise<Omit<Submitted, 'idempotencyKey'>> {
  return {
    status: res.status,
    task: await readJson<TaskDocument>(res),
    replayed: res.headers.get('idempotent-replayed') === 'true',
    retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    location: res.headers.get('location'),
    etag: res.headers.get('etag'),
    preferenceApplied: res.headers.get('preference-applied'),
  };
}
