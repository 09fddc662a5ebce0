import type { ClaimedTask, ClaimRequest, LeaseFailure, LeaseProgress, LeaseReport, LeaseStatus } from './api-types.ts';
import { type OffloadClientOptions, transportFor } from './client-options.ts';
import type { Transport } from './http-transport.ts';
import { OPERATIONS } from './operations.ts';
import { readJson } from './read-answer.ts';

// The worker protocol over HTTP (docs/worker-protocol.md): claim leased tasks of types served by
// HTTP workers, renew the leases, report progress, then a result or a failure. A class of its own
// because it takes a worker key, which may call these routes and no other (403 elsewhere); an
// admin key may speak the protocol too, for every type and tenant.
//
// Every report is fenced by the lease token: a report for an attempt that is over (the lease was
// lost to the rescuer, the task was canceled, destroyed or timed out) throws a `ConflictError` with
// `code: 'lease-lost'`: drop the work. A report whose first answer was lost is sent again; if the
// first was recorded, the repeat answers that `lease-lost` (the report was applied once).

export interface OffloadWorkerClientOptions extends OffloadClientOptions {
  /** A worker key (`offload keys create --worker --types …`), or an admin key. */
  apiKey: string;
}

export class OffloadWorkerClient {
  readonly baseUrl: string;
  readonly #send: Transport;

  constructor(options: OffloadWorkerClientOptions) {
    const { baseUrl, send } = transportFor(options);
    this.baseUrl = baseUrl;
    this.#send = send;
  }

  /**
   * Up to `max` (default 1) queued tasks of `types`, each leased to this worker; with `waitSeconds`
   * the server holds the request until there is work or the time is up (then `[]`). Not sent again
   * after a lost answer: the repeat would lease other tasks, while the lost claim's tasks wait
   * until their leases expire. Aborting `signal` ends a held claim on the server too.
   */
  async claim(request: ClaimRequest, options: { signal?: AbortSignal } = {}): Promise<ClaimedTask[]> {
    const res = await this.#send('claimTasks', OPERATIONS.claimTasks, { body: request, signal: options.signal });
    return (await readJson<{ tasks: ClaimedTask[] }>(res)).tasks;
  }

  /** Renews the lease (at least every `heartbeatSeconds`); `cancelRequested: true` means stop, then `fail`. */
  async heartbeat(leaseToken: string, options: { signal?: AbortSignal } = {}): Promise<LeaseStatus> {
    return readJson(await this.#send('heartbeatLease', OPERATIONS.heartbeatLease, { path: { token: leaseToken }, body: {}, signal: options.signal }));
  }

  /** Shown in the task's document (`progress.source: "reported"`); renews the lease too. */
  async progress(leaseToken: string, progress: LeaseProgress, options: { signal?: AbortSignal } = {}): Promise<LeaseStatus> {
    const res = await this.#send('reportLeaseProgress', OPERATIONS.reportLeaseProgress, { path: { token: leaseToken }, body: progress, signal: options.signal });
    return readJson(res);
  }

  /** The attempt succeeded with `result` (any JSON; larger than the server's `limits.resultBytes` fails the task). */
  async complete(leaseToken: string, result?: unknown, options: { signal?: AbortSignal } = {}): Promise<LeaseReport> {
    const body = result === undefined ? {} : { result };
    return readJson(await this.#send('completeLease', OPERATIONS.completeLease, { path: { token: leaseToken }, body, signal: options.signal }));
  }

  /**
   * The attempt failed: retried with backoff while attempts are left (after `retryAfterSeconds`
   * when given), failed at once when `permanent`; after `cancelRequested` it records the cancel.
   */
  async fail(leaseToken: string, failure: LeaseFailure, options: { signal?: AbortSignal } = {}): Promise<LeaseReport> {
    return readJson(await this.#send('failLease', OPERATIONS.failLease, { path: { token: leaseToken }, body: failure, signal: options.signal }));
  }
}
