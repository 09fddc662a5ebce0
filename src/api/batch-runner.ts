import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/defaults.ts';
import { type BatchRequest, type BatchRules, createdTaskIds } from '../domain/batch-plan.ts';
import { BatchLeaseLost, type Dispatch, problemResponse, runBatch, type SubResponse } from '../operations/run-batch.ts';
import { createIntervalService } from '../services/service.ts';
import type { BatchRow } from '../store/batch-store.ts';
import type { Store } from '../store/store.ts';
import type { Principal } from './plugins/auth.ts';

// Dispatches stored (asynchronous) batches. The node that accepted a batch dispatches it at once
// under the lease it was stored with; the claim loop (start()) takes over any batch whose node died
// (lease expired) or that was never started, on whichever API node gets to it first. A lease is
// renewed every third of `batches.leaseSeconds` and every record is fenced by it, so a node that lost
// it records nothing more. What already answered is not run again; a sub-request that was in flight
// when its node died runs again with the same derived Idempotency-Key, and replays.

/** Batches one node dispatches at once (each with up to limits.batchConcurrency sub-requests). */
const MAX_RUNNING = 8;

export interface BatchRunner {
  /** This node's lease owner name. */
  readonly owner: string;
  /** Dispatches a batch this node just stored under `leaseToken`. */
  dispatch(batch: BatchRow, leaseToken: string): void;
  /** Starts claiming orphaned batches (the CLI calls it; an app in a test need not). */
  start(): void;
  /** Stops claiming and waits for the batches being dispatched (their unanswered sub-requests are left to another node). */
  stop(): Promise<void>;
}

export interface BatchRunnerDeps {
  store: Store;
  dispatchAs: (principal: Principal) => Dispatch;
  rules: Pick<BatchRules, 'streams'>;
  config: Readonly<Pick<Config, 'limits' | 'batches'>>;
  logger: FastifyBaseLogger;
  owner: string;
}

export function createBatchRunner(deps: BatchRunnerDeps): BatchRunner {
  const { store, config, logger, owner } = deps;
  const leaseMs = config.batches.leaseSeconds * 1000;
  const running = new Map<string, Promise<void>>();
  const stopping = new AbortController();

  async function principalOf(batch: BatchRow): Promise<Principal | null> {
    // The key may have been revoked since the batch was accepted (or another node runs it long after).
    const key = (await store.apiKeyList({ tenant: batch.tenant })).find((k) => k.id === batch.keyId);
    if (!key || key.revokedAt !== null) return null;
    return { keyId: key.id, tenant: key.tenant, role: key.admin ? 'admin' : 'tenant', admin: key.admin };
  }

  async function run(batch: BatchRow, leaseToken: string): Promise<void> {
    const lease = new AbortController();
    const onStop = () => lease.abort(stopping.signal.reason);
    stopping.signal.addEventListener('abort', onStop);
    const heartbeat = setInterval(() => {
      store
        .batchHeartbeat({ id: batch.id, leaseToken, leaseMs, now: Date.now() })
        .then((held) => {
          if (!held) lease.abort(new BatchLeaseLost());
        })
        .catch((err) => logger.warn({ err, batch: batch.id }, 'batch heartbeat failed; the lease may expire'));
    }, Math.max(100, leaseMs / 3));
    try {
      const requests = JSON.parse(batch.requestsJson) as BatchRequest[];
      const known: (SubResponse | undefined)[] = new Array(requests.length);
      for (const r of await store.batchResponses({ id: batch.id })) {
        known[r.index] = { status: r.status, headers: JSON.parse(r.headersJson), body: r.bodyJson === null ? null : JSON.parse(r.bodyJson) };
      }
      const record = async (answers: { index: number; response: SubResponse }[], tx: Store | null) =>
        (tx ?? store).batchRecord({
          id: batch.id,
          leaseToken,
          responses: answers.map(({ index, response }) => ({
            index,
            status: response.status,
            headersJson: JSON.stringify(response.headers),
            bodyJson: response.body === null || response.body === undefined ? null : JSON.stringify(response.body),
          })),
          taskIds: answers.flatMap(({ index, response }) => createdTaskIds(requests[index]!.method, response.status, response.headers, response.body)),
          now: Date.now(),
        });
      const principal = await principalOf(batch);
      if (principal === null) {
        const refused = requests
          .map((r, index) => ({ index, response: problemResponse('unauthorized', 'The API key that submitted the batch is revoked.', r.url) }))
          .filter(({ index }) => known[index] === undefined);
        if (!(await record(refused, null))) throw new BatchLeaseLost();
      } else {
        await runBatch({
          requests,
          store,
          dispatch: deps.dispatchAs(principal),
          concurrency: config.limits.batchConcurrency,
          rules: deps.rules,
          known,
          record,
          idempotencyKeyFor: (r) => `batch:${batch.id}:${r.id}`,
          inFlightRetryMs: (config.limits.waitMaxSeconds + 15) * 1000,
          signal: lease.signal,
        });
      }
      if (!(await store.batchDispatched({ id: batch.id, leaseToken, now: Date.now() }))) throw new BatchLeaseLost();
      logger.info({ batch: batch.id, total: batch.total }, 'batch dispatched');
    } catch (err) {
      if (err instanceof BatchLeaseLost || lease.signal.aborted) {
        logger.info({ batch: batch.id, reason: String(lease.signal.reason ?? err) }, 'batch dispatch stopped; another node continues it');
      } else {
        logger.error({ err, batch: batch.id }, 'batch dispatch failed; another node retries it when its lease expires');
      }
    } finally {
      clearInterval(heartbeat);
      stopping.signal.removeEventListener('abort', onStop);
    }
  }

  function dispatch(batch: BatchRow, leaseToken: string): void {
    if (running.has(batch.id)) return;
    const done = run(batch, leaseToken).finally(() => running.delete(batch.id));
    running.set(batch.id, done);
  }

  const claimLoop = createIntervalService({
    name: 'batch-runner',
    intervalMs: config.batches.pollIntervalMs,
    logger,
    async run() {
      const room = MAX_RUNNING - running.size;
      if (room <= 0) return undefined;
      for (const { batch, leaseToken } of await store.batchClaim({ owner, leaseMs, now: Date.now(), limit: room })) {
        logger.info({ batch: batch.id, done: batch.done, total: batch.total }, 'batch claimed');
        dispatch(batch, leaseToken);
      }
      return undefined;
    },
  });

  return {
    owner,
    dispatch,
    start: () => claimLoop.start(),
    async stop() {
      await claimLoop.stop();
      stopping.abort(new Error('shutting down'));
      await Promise.allSettled([...running.values()]);
    },
  };
}
