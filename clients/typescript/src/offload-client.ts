import type {
  BulkItem,
  NewWebhookEndpoint,
  ReservedTaskId,
  TaskChanges,
  TaskDocument,
  TaskListQuery,
  TaskPage,
  TaskSubmission,
  TaskType,
  WebhookCallbackSecret,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointChanges,
} from './api-types.ts';
import { createTransport, type RequestOptions, type RetryEvent, type Transport } from './http-transport.ts';
import { OPERATIONS, type OperationId } from './operations.ts';
import { parseRetryAfter, type RetryOptions, retryPolicy } from './retry-policy.ts';
import { readTaskEvents, type TaskEvent } from './task-events.ts';
import { followTask, type Poll, type WaitOptions } from './task-waiter.ts';

// The Offload HTTP API as methods: one per operation of the OpenAPI document (operations.ts lists
// them), typed with the types generated from that document, plus what a caller would otherwise
// write by hand: `wait()` (every change of a task, by long-poll), paging iterators, retries that
// are safe (an `Idempotency-Key` on every submission unless the caller gives one) and errors by
// family (offload-error.ts). It knows the HTTP contract only, nothing of the server's internals.

export interface OffloadClientOptions {
  /** E.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An API key (`ok_…`); without one only the public routes answer. */
  apiKey?: string;
  /** Retries on 429, 503 and network errors (retry-policy.ts); `false` turns them off. */
  retry?: RetryOptions | false;
  /** Called before each retry. */
  onRetry?: (event: RetryEvent) => void;
  /** A fetch implementation; default: the global one. */
  fetch?: typeof fetch;
  userAgent?: string;
}

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

export interface CallOptions extends RequestOptions {}

export interface Called<T = unknown> {
  status: number;
  data: T;
  headers: Headers;
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json\b/;

export class OffloadClient {
  readonly baseUrl: string;
  readonly #send: Transport;

  constructor(options: OffloadClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#send = createTransport({
      baseUrl: this.baseUrl,
      apiKey: options.apiKey,
      retry: retryPolicy(options.retry),
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      userAgent: options.userAgent ?? '@offload/client',
      onRetry: options.onRetry,
    });
  }

  /** Any operation by its operationId: the status, the parsed body (JSON, text, or null) and the headers. */
  async call<T = unknown>(operation: OperationId, options: CallOptions = {}): Promise<Called<T>> {
    const res = await this.#send(operation, OPERATIONS[operation], options);
    return { status: res.status, data: (await readBody(res)) as T, headers: res.headers };
  }

  // Tasks ---------------------------------------------------------------------------------------

  async submit(task: TaskSubmission, options: SubmitOptions = {}): Promise<Submitted> {
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const res = await this.#send('submitTask', OPERATIONS.submitTask, {
      body: task,
      headers: { 'idempotency-key': JSON.stringify(idempotencyKey), prefer: preferHeader(options.prefer) },
      signal: options.signal,
    });
    return { ...(await submitted(res)), idempotencyKey };
  }

  /** Submits under an id from `reserveId()`; PUT is idempotent by that id. */
  async submitWithId(id: string, task: TaskSubmission, options: Omit<SubmitOptions, 'idempotencyKey'> = {}): Promise<Submitted> {
    const res = await this.#send('submitTaskWithId', OPERATIONS.submitTaskWithId, {
      path: { id },
      body: task,
      headers: { prefer: preferHeader(options.prefer) },
      signal: options.signal,
    });
    return { ...(await submitted(res)), idempotencyKey: null };
  }

  async reserveId(options: { signal?: AbortSignal } = {}): Promise<ReservedTaskId> {
    return json(await this.#send('reserveTaskId', OPERATIONS.reserveTaskId, options));
  }

  /** Many submissions at once; each item answers as it would alone. `atomic`: all or none. */
  async submitBulk(tasks: TaskSubmission[], options: { atomic?: boolean; idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<BulkSubmitted> {
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const res = await this.#send('submitTasksBulk', OPERATIONS.submitTasksBulk, {
      body: { tasks, ...(options.atomic ? { atomic: true } : {}) },
      headers: { 'idempotency-key': JSON.stringify(idempotencyKey) },
      signal: options.signal,
    });
    const body = await json<{ items: BulkItem[] }>(res);
    return { items: body.items, replayed: res.headers.get('idempotent-replayed') === 'true', idempotencyKey };
  }

  async get(id: string, options: { include?: 'input'; signal?: AbortSignal } = {}): Promise<TaskDocument> {
    return (await this.poll(id, options)).task as TaskDocument;
  }

  /**
   * One read of the status monitor with its headers. With `etag` it may answer 304 (no document);
   * with `waitSeconds` too, the server holds it until the task changes.
   */
  async poll(id: string, options: { etag?: string | null; waitSeconds?: number | null; include?: 'input'; signal?: AbortSignal } = {}): Promise<Poll> {
    const res = await this.#send('getTask', OPERATIONS.getTask, {
      path: { id },
      query: { include: options.include },
      headers: {
        'if-none-match': options.etag ?? undefined,
        prefer: options.waitSeconds ? `wait=${Math.floor(options.waitSeconds)}` : undefined,
      },
      signal: options.signal,
    });
    let task: TaskDocument | null = null;
    if (res.status === 200) task = await json<TaskDocument>(res);
    else await res.arrayBuffer();
    return {
      status: res.status === 304 ? 304 : 200,
      task,
      etag: res.headers.get('etag'),
      retryAfter: parseRetryAfter(res.headers.get('retry-after')),
      preferenceApplied: res.headers.get('preference-applied'),
    };
  }

  /**
   * Every change of the task as it happens — the current document first, the terminal one last —
   * by long-polling (`Prefer: wait` with `If-None-Match`): `for await (const task of client.wait(id))`.
   */
  wait(id: string, options: WaitOptions = {}): AsyncGenerator<TaskDocument, void, undefined> {
    return followTask((taskId, poll) => this.poll(taskId, poll), id, options);
  }

  /** `wait()` to the end: the terminal document. `onUpdate` sees every document on the way. */
  async waitUntilDone(id: string, options: WaitOptions & { onUpdate?: (task: TaskDocument) => void } = {}): Promise<TaskDocument> {
    let last: TaskDocument | undefined;
    for await (const task of this.wait(id, options)) {
      options.onUpdate?.(task);
      last = task;
    }
    return last as TaskDocument;
  }

  /** One page, newest first. `cursor`: the previous page's `nextCursor`. */
  async list(query: TaskListQuery & { cursor?: string } = {}, options: { signal?: AbortSignal } = {}): Promise<TaskPage> {
    const { metadata, ...rest } = query;
    const filters = Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [`metadata.${key}`, value]));
    return json(await this.#send('listTasks', OPERATIONS.listTasks, { query: { ...rest, ...filters }, signal: options.signal }));
  }

  /** Every page of a listing, following `nextCursor`. */
  async *pages(query: TaskListQuery = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<TaskPage, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...query, cursor }, options);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Every task of a listing, page after page: `for await (const task of client.listAll({ status: 'failed' }))`. */
  async *listAll(query: TaskListQuery = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<TaskDocument, void, undefined> {
    for await (const page of this.pages(query, options)) yield* page.items;
  }

  /** The result of a succeeded task. Throws `NotFoundError` `result-not-ready` (with `retryAfter`), `ConflictError` `task-failed`/`task-canceled`. */
  async result<T = unknown>(id: string, options: { signal?: AbortSignal } = {}): Promise<T> {
    return json(await this.#send('getTaskResult', OPERATIONS.getTaskResult, { path: { id }, signal: options.signal }));
  }

  /** Changes a task that has not started; `etag` is the one its current document came with (`poll`). */
  async update(id: string, changes: TaskChanges, options: { etag: string; signal?: AbortSignal }): Promise<{ task: TaskDocument; etag: string | null }> {
    const res = await this.#send('updateTask', OPERATIONS.updateTask, {
      path: { id },
      body: changes,
      headers: { 'if-match': options.etag },
      signal: options.signal,
    });
    return { task: await json(res), etag: res.headers.get('etag') };
  }

  /** Canceled at once (pending/queued), or `cancelRequested` while the running handler stops. */
  async cancel(id: string, options: { signal?: AbortSignal } = {}): Promise<TaskDocument> {
    return json(await this.#send('cancelTask', OPERATIONS.cancelTask, { path: { id }, signal: options.signal }));
  }

  /** `stopping`: a running handler is still stopping (202); otherwise destroyed (204). */
  async destroy(id: string, options: { signal?: AbortSignal } = {}): Promise<{ stopping: boolean }> {
    const res = await this.#send('destroyTask', OPERATIONS.destroyTask, { path: { id }, signal: options.signal });
    await res.arrayBuffer();
    return { stopping: res.status === 202 };
  }

  /** The task's Server-Sent Events until it completes (or `signal` aborts). */
  async *events(id: string, options: { lastEventId?: string; signal?: AbortSignal } = {}): AsyncGenerator<TaskEvent, void, undefined> {
    const res = await this.#send('streamTaskEvents', OPERATIONS.streamTaskEvents, {
      path: { id },
      headers: { accept: 'text/event-stream', 'last-event-id': options.lastEventId },
      signal: options.signal,
    });
    if (!res.body) return;
    yield* readTaskEvents(res.body);
  }

  async taskTypes(options: { signal?: AbortSignal } = {}): Promise<TaskType[]> {
    return (await json<{ items: TaskType[] }>(await this.#send('listTaskTypes', OPERATIONS.listTaskTypes, options))).items;
  }

  // Webhooks ------------------------------------------------------------------------------------

  /** The answer carries the signing `secret`, once. */
  async createWebhookEndpoint(endpoint: NewWebhookEndpoint, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return json(await this.#send('createWebhookEndpoint', OPERATIONS.createWebhookEndpoint, { body: endpoint, signal: options.signal }));
  }

  async listWebhookEndpoints(options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint[]> {
    return (await json<{ items: WebhookEndpoint[] }>(await this.#send('listWebhookEndpoints', OPERATIONS.listWebhookEndpoints, options))).items;
  }

  async getWebhookEndpoint(id: string, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return json(await this.#send('getWebhookEndpoint', OPERATIONS.getWebhookEndpoint, { path: { id }, signal: options.signal }));
  }

  async updateWebhookEndpoint(id: string, changes: WebhookEndpointChanges, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return json(await this.#send('updateWebhookEndpoint', OPERATIONS.updateWebhookEndpoint, { path: { id }, body: changes, signal: options.signal }));
  }

  async deleteWebhookEndpoint(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await (await this.#send('deleteWebhookEndpoint', OPERATIONS.deleteWebhookEndpoint, { path: { id }, signal: options.signal })).arrayBuffer();
  }

  /** The new secret is in the answer; the old one keeps signing for `overlapSeconds` (default 24 h). */
  async rotateWebhookEndpointSecret(id: string, options: { overlapSeconds?: number; signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    const body = options.overlapSeconds === undefined ? {} : { overlapSeconds: options.overlapSeconds };
    return json(await this.#send('rotateWebhookEndpointSecret', OPERATIONS.rotateWebhookEndpointSecret, { path: { id }, body, signal: options.signal }));
  }

  async listWebhookDeliveries(id: string, options: { signal?: AbortSignal } = {}): Promise<WebhookDelivery[]> {
    const res = await this.#send('listWebhookDeliveries', OPERATIONS.listWebhookDeliveries, { path: { id }, signal: options.signal });
    return (await json<{ items: WebhookDelivery[] }>(res)).items;
  }

  async redeliverWebhook(id: string, deliveryId: string, options: { signal?: AbortSignal } = {}): Promise<WebhookDelivery> {
    return json(await this.#send('redeliverWebhook', OPERATIONS.redeliverWebhook, { path: { id, deliveryId }, signal: options.signal }));
  }

  /** Creates (`created: true`) or rotates the tenant's callback signing secret; the answer carries it, once. */
  async rotateWebhookCallbackSecret(
    options: { overlapSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<WebhookCallbackSecret & { created: boolean }> {
    const body = options.overlapSeconds === undefined ? {} : { overlapSeconds: options.overlapSeconds };
    const res = await this.#send('rotateWebhookCallbackSecret', OPERATIONS.rotateWebhookCallbackSecret, { body, signal: options.signal });
    return { ...(await json<WebhookCallbackSecret>(res)), created: res.status === 201 };
  }

  async getWebhookCallbackSecret(options: { signal?: AbortSignal } = {}): Promise<WebhookCallbackSecret> {
    return json(await this.#send('getWebhookCallbackSecret', OPERATIONS.getWebhookCallbackSecret, options));
  }
}

function preferHeader(prefer: SubmitOptions['prefer']): string | undefined {
  if (prefer === 'async') return 'respond-async';
  return typeof prefer === 'number' ? `wait=${Math.max(0, Math.floor(prefer))}` : undefined;
}

async function submitted(res: Response): Promise<Omit<Submitted, 'idempotencyKey'>> {
  return {
    status: res.status,
    task: await json<TaskDocument>(res),
    replayed: res.headers.get('idempotent-replayed') === 'true',
    retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    location: res.headers.get('location'),
    etag: res.headers.get('etag'),
    preferenceApplied: res.headers.get('preference-applied'),
  };
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  return JSON_TYPES.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}
