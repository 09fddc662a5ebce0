import type { QueueDepthRow, Store } from '../store/store.ts';

// What probes and scrapes ask of the store: is it reachable with a current schema, and how deep are
// the queues (from the store, so every node reports the same cluster-wide figures).

export type Readiness =
  | { ready: true; schemaVersion: number }
  | { ready: false; reason: 'unreachable' }
  | { ready: false; reason: 'schema'; schemaVersion: number; codeVersion: number };

export async function checkReadiness(store: Store): Promise<Readiness> {
  let ping: Awaited<ReturnType<Store['ping']>>;
  try {
    ping = await store.ping();
  } catch {
    // A closed or unreachable store throws; to a probe that is the same as "not ready".
    return { ready: false, reason: 'unreachable' };
  }
  if (ping.ok) return { ready: true, schemaVersion: ping.schemaVersion };
  if (ping.schemaVersion < 0) return { ready: false, reason: 'unreachable' };
  return { ready: false, reason: 'schema', schemaVersion: ping.schemaVersion, codeVersion: ping.codeVersion };
}

export function queueDepth(store: Store): Promise<QueueDepthRow[]> {
  return store.taskQueueDepth();
}
