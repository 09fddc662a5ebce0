import type { Config } from '../config/defaults.ts';
import { type BatchRequest, type BatchRules, validateBatch } from '../domain/batch-plan.ts';
import { newId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { BatchLease, BatchRow } from '../store/batch-store.ts';
import type { Store } from '../store/store.ts';
import { type Dispatch, runBatch, type SubResponse } from './run-batch.ts';

// POST /v1/batch: checks the batch's structure before anything runs (422 batch-invalid with a
// pointer per problem), then either runs it now and answers every sub-response in request order,
// or — Prefer: respond-async — stores it and lets the accepting node dispatch it in the background
// under a lease (src/api/batch-runner.ts), answering 202 with the batch's status monitor.

export interface SubmitBatchDeps {
  config: Readonly<Pick<Config, 'limits' | 'retention' | 'batches'>>;
  rules: Pick<BatchRules, 'streams'>;
  now: () => number;
}

export interface BatchCaller {
  keyId: string;
  tenant: string;
  admin: boolean;
}

export function checkBatch(requests: BatchRequest[], deps: SubmitBatchDeps): void {
  const errors = validateBatch(requests, {
    maxRequests: deps.config.limits.batchMaxRequests,
    maxDepth: deps.config.limits.batchMaxDepth,
    streams: deps.rules.streams,
  });
  if (errors.length > 0) {
    throw new ProblemError('batch-invalid', errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { extensions: { errors } });
  }
}

/** Runs the batch now; `dispatch` runs a sub-request as the caller. */
export async function runBatchNow(
  store: Store,
  params: { requests: BatchRequest[]; dispatch: Dispatch },
  deps: SubmitBatchDeps,
): Promise<SubResponse[]> {
  checkBatch(params.requests, deps);
  return runBatch({
    requests: params.requests,
    store,
    dispatch: params.dispatch,
    concurrency: deps.config.limits.batchConcurrency,
    rules: deps.rules,
  });
}

/** Stores the batch, running under `owner`'s fresh lease: the caller starts dispatching it at once. */
export async function acceptBatch(
  store: Store,
  params: { requests: BatchRequest[]; caller: BatchCaller; owner: string; leaseToken: string },
  deps: SubmitBatchDeps,
): Promise<BatchRow> {
  checkBatch(params.requests, deps);
  const now = deps.now();
  const lease: BatchLease = { owner: params.owner, token: params.leaseToken, expiresAt: now + deps.config.batches.leaseSeconds * 1000 };
  return store.batchCreate({
    batch: {
      id: newId('bat', now),
      tenant: params.caller.tenant,
      keyId: params.caller.keyId,
      admin: params.caller.admin,
      requestsJson: JSON.stringify(params.requests),
      total: params.requests.length,
      createdAt: now,
      expiresAt: now + deps.config.retention.batchSeconds * 1000,
    },
    lease,
  });
}
