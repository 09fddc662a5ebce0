import { type BatchRequest, type BatchRules, pathOf, planBatch, type BatchUnit } from '../domain/batch-plan.ts';
import { type ReferencedResponse, resolveBody, resolveUrl } from '../domain/batch-references.ts';
import { type ProblemCode, ProblemError } from '../domain/problems.ts';
import type { Store } from '../store/store.ts';

// Runs a validated batch: each sub-request through `dispatch` (the app's own routes, in process),
// in request order as far as dependencies require and up to `concurrency` at once otherwise. A
// sub-request whose dependency answered non-2xx is not run (424 dependency-failed); one whose
// reference cannot be resolved neither (424 reference-unresolvable). An atomicity group's members
// run one after the other inside one store transaction handed to `dispatch`: a member answering
// non-2xx rolls the transaction back, and every other member answers 424 atomic-group-failed.
//
// A durable batch (stored, Prefer: respond-async) also `record`s each unit's answers as they come —
// a group's inside its own transaction, so the group's writes and its recorded answers commit
// together — and gives POST sub-requests without an Idempotency-Key a derived one, so a node that
// takes the batch over after a crash replays what already ran instead of running it twice.

export interface SubRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export type SubResponse = ReferencedResponse;

/** Runs one sub-request through the app's routes, inside `tx` when it is an atomic group's. */
export type Dispatch = (request: SubRequest, tx: Store | null) => Promise<SubResponse>;

export interface RunBatchParams {
  requests: BatchRequest[];
  /** Where atomicity groups open their transaction: the root store. */
  store: Store;
  dispatch: Dispatch;
  concurrency: number;
  rules: Pick<BatchRules, 'streams'>;
  /** Answers already recorded (a durable batch taken over): their units are not run again. */
  known?: (SubResponse | undefined)[];
  /** Durable batches: records answers (in `tx` for a group); false when the lease is lost. */
  record?: (answers: { index: number; response: SubResponse }[], tx: Store | null) => Promise<boolean>;
  /** Durable batches: the Idempotency-Key of a POST sub-request that sends none. */
  idempotencyKeyFor?: (request: BatchRequest) => string;
  /**
   * Durable batches: how long a sub-request answered 409 idempotency-key-in-flight is retried (its
   * first run, on a node that died, still holds the key until its lock expires).
   */
  inFlightRetryMs?: number;
  /** Stops starting sub-requests (the node is shutting down or lost the lease). */
  signal?: AbortSignal;
}

/** The dispatch lost its lease (another node runs the batch now): stop, record nothing more. */
export class BatchLeaseLost extends Error {
  constructor() {
    super('batch lease lost');
    this.name = 'BatchLeaseLost';
  }
}

const PROBLEM_HEADERS = { 'content-type': 'application/problem+json; charset=utf-8' };

export function problemResponse(code: ProblemCode, detail: string, instance: string, extensions: Record<string, unknown> = {}): SubResponse {
  const problem = new ProblemError(code, detail, { extensions });
  return { status: problem.status, headers: { ...PROBLEM_HEADERS }, body: problem.toBody(instance) };
}

const ok = (r: SubResponse | undefined) => r !== undefined && r.status >= 200 && r.status < 300;

class GroupAbort extends Error {
  readonly index: number;
  readonly response: SubResponse;
  constructor(index: number, response: SubResponse) {
    super('atomic group member failed');
    this.index = index;
    this.response = response;
  }
}

/** Answers in request order. Throws BatchLeaseLost when `record` reports the lease gone. */
export async function runBatch(params: RunBatchParams): Promise<SubResponse[]> {
  const { requests } = params;
  const answers: (SubResponse | undefined)[] = params.known ? [...params.known] : new Array(requests.length);
  const byId = new Map<string, SubResponse>();
  const answer = (index: number, response: SubResponse) => {
    answers[index] = response;
    byId.set(requests[index]!.id, response);
  };
  answers.forEach((r, i) => {
    if (r) byId.set(requests[i]!.id, r);
  });
  const units = planBatch(requests);
  const unitOf = new Map<number, number>();
  units.forEach((u, k) => {
    for (const m of u.members) unitOf.set(m, k);
  });
  let lost = false;
  const stopped = () => lost || params.signal?.aborted === true;
  const slots = semaphore(Math.max(1, params.concurrency));

  const record = async (indexes: number[], tx: Store | null) => {
    if (!params.record) return;
    if (!(await params.record(indexes.map((index) => ({ index, response: answers[index]! })), tx))) throw new BatchLeaseLost();
  };

  /** The request as dispatched: references resolved, the derived key added; or the answer it gets instead. */
  const prepare = (index: number, seen: ReadonlyMap<string, SubResponse>): SubRequest | SubResponse => {
    const r = requests[index]!;
    const url = resolveUrl(r.url, seen);
    if (!url.ok) return problemResponse('reference-unresolvable', url.detail, r.url, { requestId: r.id });
    if (!url.value.startsWith('/v1/') || params.rules.streams(r.method, pathOf(url.value))) {
      return problemResponse('batch-invalid', `${url.value} cannot be called from a batch`, url.value, { requestId: r.id });
    }
    const body = r.body === undefined ? { ok: true as const, value: undefined } : resolveBody(r.body, seen);
    if (!body.ok) return problemResponse('reference-unresolvable', body.detail, url.value, { requestId: r.id });
    const headers: Record<string, string> = { ...r.headers };
    const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (params.idempotencyKeyFor && r.method === 'POST' && !has('idempotency-key')) headers['idempotency-key'] = params.idempotencyKeyFor(r);
    if (body.value !== undefined && !has('content-type')) headers['content-type'] = 'application/json';
    return { method: r.method, url: url.value, headers, body: body.value };
  };

  const send = async (request: SubRequest, tx: Store | null): Promise<SubResponse> => {
    const deadline = Date.now() + (params.inFlightRetryMs ?? 0);
    for (;;) {
      const response = await params.dispatch(request, tx);
      const code = (response.body as { code?: unknown } | null)?.code;
      if (response.status !== 409 || code !== 'idempotency-key-in-flight' || Date.now() >= deadline || stopped()) return response;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  const indexOf = new Map(requests.map((r, i) => [r.id, i]));
  /** The first dependency (outside `inside`) that did not answer 2xx. */
  const failedDependency = (index: number, inside: ReadonlySet<number> = new Set()) =>
    (requests[index]!.dependsOn ?? []).find((dep) => {
      const k = indexOf.get(dep)!;
      return !inside.has(k) && !ok(answers[k]);
    });
  const dependencyFailed = (index: number, dep: string) =>
    problemResponse('dependency-failed', `"${dep}" did not succeed, so "${requests[index]!.id}" was not run.`, requests[index]!.url, { requestId: requests[index]!.id, dependency: dep });

  const runSingle = async (index: number) => {
    const dep = failedDependency(index);
    let response: SubResponse;
    if (dep !== undefined) response = dependencyFailed(index, dep);
    else {
      const prepared = prepare(index, byId);
      response = 'status' in prepared ? prepared : await send(prepared, null);
    }
    answer(index, response);
    await record([index], null);
  };

  const runGroup = async (unit: BatchUnit) => {
    const { members } = unit;
    const inside = new Set(members);
    const groupFailed = (failed: string, except: number) => {
      for (const m of members) {
        if (m === except) continue;
        answer(
          m,
          problemResponse('atomic-group-failed', `"${failed}" of atomicity group "${unit.group}" did not succeed; nothing of the group was kept.`, requests[m]!.url, {
            requestId: requests[m]!.id,
            atomicityGroup: unit.group,
            failedRequest: failed,
          }),
        );
      }
    };
    const blocked = members.find((m) => failedDependency(m, inside) !== undefined);
    if (blocked !== undefined) {
      answer(blocked, dependencyFailed(blocked, failedDependency(blocked, inside)!));
      groupFailed(requests[blocked]!.id, blocked);
      for (const m of members) {
        const dep = failedDependency(m, inside);
        if (dep !== undefined) answer(m, dependencyFailed(m, dep));
      }
      await record(members, null);
      return;
    }
    try {
      const got = await params.store.withTransaction(async (tx) => {
        const seen = new Map(byId);
        const out: SubResponse[] = [];
        for (const m of members) {
          const prepared = prepare(m, seen);
          const response = 'status' in prepared ? prepared : await send(prepared, tx);
          if (!ok(response)) throw new GroupAbort(m, response);
          seen.set(requests[m]!.id, response);
          out.push(response);
        }
        if (params.record && !(await params.record(members.map((index, k) => ({ index, response: out[k]! })), tx))) throw new BatchLeaseLost();
        return out;
      });
      members.forEach((m, k) => {
        answer(m, got[k]!);
      });
    } catch (err) {
      if (err instanceof BatchLeaseLost) throw err;
      if (err instanceof GroupAbort) {
        answer(err.index, err.response);
        groupFailed(requests[err.index]!.id, err.index);
      } else {
        // The transaction could not commit (the store failed): whatever the group did is not known
        // to be kept, and none of it is reported as done.
        for (const m of members) {
          answer(m, problemResponse('service-unavailable', 'The store failed while the atomic group ran; retry the batch.', requests[m]!.url, { requestId: requests[m]!.id }));
        }
      }
      await record(members, null);
    }
  };

  const finished: Promise<void>[] = [];
  units.forEach((unit, k) => {
    const before = [...new Set(unit.after.map((i) => unitOf.get(i)!))].map((u) => finished[u]!);
    finished[k] = (async () => {
      await Promise.all(before);
      if (unit.members.every((m) => answers[m] !== undefined)) return;
      await slots.acquire();
      try {
        if (stopped()) return;
        if (unit.group === null) await runSingle(unit.members[0]!);
        else await runGroup(unit);
      } catch (err) {
        if (!(err instanceof BatchLeaseLost)) throw err;
        lost = true;
      } finally {
        slots.release();
      }
    })();
  });
  const settled = await Promise.allSettled(finished);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  if (lost) throw new BatchLeaseLost();
  if (params.signal?.aborted) throw params.signal.reason ?? new Error('batch stopped');
  return answers as SubResponse[];
}

function semaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
