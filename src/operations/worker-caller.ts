// Who speaks the worker protocol: a worker key (its types, its tenant unless it serves every
// tenant) or an admin key (every HTTP task type, every tenant). Routes build it from the request's
// key; the commands below check every claim and report against it.

export interface WorkerCaller {
  keyId: string;
  /** The tenant whose tasks it may claim and report for; null: every tenant. */
  tenant: string | null;
  /** The task types it may claim and report for; null: every HTTP task type. */
  types: readonly string[] | null;
}

export function mayServe(caller: WorkerCaller, type: string): boolean {
  return caller.types === null || caller.types.includes(type);
}
