import type { BatchDocument, BatchListQuery, BatchPage, BatchRequest, BatchSubResponse, BatchSummary } from './api-types.ts';
import { followDocument, type WaitOptions } from './document-follower.ts';
import type { Transport } from './http-transport.ts';
import { WaitTimeoutError } from './offload-error.ts';
import { OPERATIONS } from './operations.ts';
import { eachPage } from './paging.ts';
import { readJson } from './read-answer.ts';
import { parseRetryAfter } from './retry-policy.ts';

// Batches as `client.batches`: many API calls in one request (`POST /v1/batch`), answered at once
// or stored and dispatched in the background (`async: true`), and a stored batch's status monitor,
// followed by long-poll like a task's. A batch is not sent again after a lost answer: it has no key
// of its own (its sub-requests may carry theirs), so a repeat could run unkeyed ones twice.

export interface BatchOptions {
  /** Stored and dispatched in the background (`Prefer: respond-async`): answered 202 with the batch's monitor. */
  async?: boolean;
  signal?: AbortSignal;
}

/** A synchronous batch: every sub-response, in request order. */
export interface BatchAnswered {
  status: 200;
  responses: BatchSubResponse[];
}

/** A stored batch, accepted: its document (no responses yet) and where to follow it. */
export interface BatchAccepted {
  status: 202;
  batch: BatchDocument;
  /** `/v1/batches/{id}`. */
  location: string | null;
  etag: string | null;
  retryAfter: number | null;
}

export interface BatchPoll {
  status: 200 | 304;
  /** The document (200 only). */
  batch: BatchDocument | null;
  etag: string | null;
  retryAfter: number | null;
  /** The `Prefer` the server honoured, e.g. `wait=20`: it held the request. */
  preferenceApplied: string | null;
}

export interface BatchWaitOptions extends WaitOptions {
  /** `completed` (default): every task the batch created finished. `dispatched`: every sub-request answered. */
  until?: 'dispatched' | 'completed';
}

export class BatchMethods {
  readonly #send: Transport;

  constructor(send: Transport) {
    this.#send = send;
  }

  /**
   * Runs the sub-requests (each through its own route, as if called directly; `dependsOn`,
   * references and `atomicityGroup` as documented for `POST /v1/batch`). `422 batch-invalid` names
   * every structural problem; a sub-request's own failure is its sub-response, not an error.
   */
  submit(requests: BatchRequest[], options: BatchOptions & { async: true }): Promise<BatchAccepted>;
  submit(requests: BatchRequest[], options?: BatchOptions & { async?: false }): Promise<BatchAnswered>;
  submit(requests: BatchRequest[], options?: BatchOptions): Promise<BatchAnswered | BatchAccepted>;
  async submit(requests: BatchRequest[], options: BatchOptions = {}): Promise<BatchAnswered | BatchAccepted> {
    const res = await this.#send('submitBatch', OPERATIONS.submitBatch, {
      body: { requests },
      headers: { prefer: options.async ? 'respond-async' : undefined },
      signal: options.signal,
    });
    if (res.status !== 202) return { status: 200, responses: (await readJson<{ responses: BatchSubResponse[] }>(res)).responses };
    return {
      status: 202,
      batch: await readJson<BatchDocument>(res),
      location: res.headers.get('location'),
      etag: res.headers.get('etag'),
      retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    };
  }

  /** A stored batch: its sub-responses so far and the progress of the tasks they created. */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<BatchDocument> {
    return (await this.poll(id, options)).batch as BatchDocument;
  }

  /** One read of the monitor with its headers. With `etag` it may answer 304; with `waitSeconds` too, the server holds it until the batch changes. */
  async poll(id: string, options: { etag?: string | null; waitSeconds?: number | null; signal?: AbortSignal } = {}): Promise<BatchPoll> {
    const res = await this.#send('getBatch', OPERATIONS.getBatch, {
      path: { id },
      headers: {
        'if-none-match': options.etag ?? undefined,
        prefer: options.waitSeconds ? `wait=${Math.floor(options.waitSeconds)}` : undefined,
      },
      signal: options.signal,
    });
    let batch: BatchDocument | null = null;
    if (res.status === 200) batch = await readJson<BatchDocument>(res);
    else await res.arrayBuffer();
    return {
      status: res.status === 304 ? 304 : 200,
      batch,
      etag: res.headers.get('etag'),
      retryAfter: parseRetryAfter(res.headers.get('retry-after')),
      preferenceApplied: res.headers.get('preference-applied'),
    };
  }

  /** Every change of a stored batch as it happens, by long-poll, ending when it is `completed` (or `dispatched`, with `until`). */
  wait(id: string, options: BatchWaitOptions = {}): AsyncGenerator<BatchDocument, void, undefined> {
    const done = options.until === 'dispatched' ? ['dispatched', 'completed'] : ['completed'];
    return followDocument<BatchDocument>(
      {
        poll: async (request) => {
          const { batch, ...answer } = await this.poll(id, request);
          return { ...answer, document: batch };
        },
        finished: (batch) => done.includes(batch.status),
        timedOut: () => new WaitTimeoutError(id, 'batch'),
      },
      options,
    );
  }

  /** `wait()` to the end: the last document. `onUpdate` sees every document on the way. */
  async waitUntilDone(id: string, options: BatchWaitOptions & { onUpdate?: (batch: BatchDocument) => void } = {}): Promise<BatchDocument> {
    let last: BatchDocument | undefined;
    for await (const batch of this.wait(id, options)) {
      options.onUpdate?.(batch);
      last = batch;
    }
    return last as BatchDocument;
  }

  /** One page of stored batches, newest first (the dispatch only: the work is on `get`). */
  async list(query: BatchListQuery = {}, options: { signal?: AbortSignal } = {}): Promise<BatchPage> {
    const { status, ...rest } = query;
    const statuses = status === undefined ? undefined : [status].flat().join(',');
    return readJson(await this.#send('listBatches', OPERATIONS.listBatches, { query: { ...rest, status: statuses }, signal: options.signal }));
  }

  /** Every page, following `nextCursor`. */
  pages(query: Omit<BatchListQuery, 'cursor'> = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<BatchPage, void, undefined> {
    return eachPage((cursor) => this.list({ ...query, cursor }, options));
  }

  /** Every stored batch, page after page. */
  async *listAll(query: Omit<BatchListQuery, 'cursor'> = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<BatchSummary, void, undefined> {
    for await (const page of this.pages(query, options)) yield* page.items;
  }
}
