import type {
  ApiKey,
  BulkItem,
  Caller,
  NewApiKey,
  NewSchedule,
  NewWebhookEndpoint,
  Queue,
  QueuePauseState,
  QueueThroughput,
  ReservedTaskId,
  Schedule,
  ScheduleListQuery,
  SchedulePage,
  TaskChanges,
  TaskDocument,
  TaskGroup,
  TaskListQuery,
  TaskPage,
  TaskSubmission,
  TaskType,
  WebhookCallbackSecret,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointChanges,
  WorkerInfo,
} from './api-types.ts';
import { BatchMethods } from './batch-methods.ts';
import { type OffloadClientOptions, transportFor } from './client-options.ts';
import { FileMethods } from './file-methods.ts';
import type { RequestOptions, Transport } from './http-transport.ts';
import { OPERATIONS, type OperationId } from './operations.ts';
import { discard, readBody, readJson } from './read-answer.ts';
import { parseRetryAfter } from './retry-policy.ts';
import { type BulkSubmitted, preferHeader, type SubmitOptions, type Submitted, submitted } from './submitted.ts';
import { readTaskEvents, type TaskEvent } from './task-events.ts';
import { followTask, type Poll, type WaitOptions } from './task-waiter.ts';

// The Offload HTTP API as methods: one per operation of the OpenAPI document (operations.ts lists
// them; the worker protocol's, which need a worker key, are on OffloadWorkerClient), typed with
// the types generated from that document, plus what a caller would otherwise write by hand:
// `wait()` (every change of a task, by long-poll), paging iterators, retries that are safe (an
// `Idempotency-Key` on every submission unless the caller gives one) and errors by family
// (offload-error.ts). Files and batches, each a family of its own verbs, are `files` and `batches`
// (file-methods.ts, batch-methods.ts); the unprefixed verbs here are the tasks'. It knows the HTTP
// contract only, nothing of the server's internals.

export interface CallOptions extends RequestOptions {}

export interface Called<T = unknown> {
  status: number;
  data: T;
  headers: Headers;
}

export class OffloadClient {
  readonly baseUrl: string;
  /** Uploads, listings, content with ranges, signed download links. */
  readonly files: FileMethods;
  /** Many calls in one request, answered at once or stored and followed. */
  readonly batches: BatchMethods;
  readonly #send: Transport;

  constructor(options: OffloadClientOptions) {
    const { baseUrl, send } = transportFor(options);
    this.baseUrl = baseUrl;
    this.#send = send;
    this.files = new FileMethods(send);
    this.batches = new BatchMethods(send);
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
    return readJson(await this.#send('reserveTaskId', OPERATIONS.reserveTaskId, options));
  }

  /** Many submissions at once; each item answers as it would alone. `atomic`: all or none. */
  async submitBulk(tasks: TaskSubmission[], options: { atomic?: boolean; idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<BulkSubmitted> {
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const res = await this.#send('submitTasksBulk', OPERATIONS.submitTasksBulk, {
      body: { tasks, ...(options.atomic ? { atomic: true } : {}) },
      headers: { 'idempotency-key': JSON.stringify(idempotencyKey) },
      signal: options.signal,
    });
    const body = await readJson<{ items: BulkItem[] }>(res);
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
    if (res.status === 200) task = await readJson<TaskDocument>(res);
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
    return readJson(await this.#send('listTasks', OPERATIONS.listTasks, { query: { ...rest, ...filters }, signal: options.signal }));
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
    return readJson(await this.#send('getTaskResult', OPERATIONS.getTaskResult, { path: { id }, signal: options.signal }));
  }

  /** Changes a task that has not started; `etag` is the one its current document came with (`poll`). */
  async update(id: string, changes: TaskChanges, options: { etag: string; signal?: AbortSignal }): Promise<{ task: TaskDocument; etag: string | null }> {
    const res = await this.#send('updateTask', OPERATIONS.updateTask, {
      path: { id },
      body: changes,
      headers: { 'if-match': options.etag },
      signal: options.signal,
    });
    return { task: await readJson(res), etag: res.headers.get('etag') };
  }

  /** Canceled at once (pending/queued), or `cancelRequested` while the running handler stops. */
  async cancel(id: string, options: { signal?: AbortSignal } = {}): Promise<TaskDocument> {
    return readJson(await this.#send('cancelTask', OPERATIONS.cancelTask, { path: { id }, signal: options.signal }));
  }

  /** `stopping`: a running handler is still stopping (202); otherwise destroyed (204). */
  async destroy(id: string, options: { signal?: AbortSignal } = {}): Promise<{ stopping: boolean }> {
    const res = await this.#send('destroyTask', OPERATIONS.destroyTask, { path: { id }, signal: options.signal });
    await discard(res);
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
    return (await readJson<{ items: TaskType[] }>(await this.#send('listTaskTypes', OPERATIONS.listTaskTypes, options))).items;
  }

  /**
   * A failed or canceled task back in its queue: same id, at least one more attempt (409 in any
   * other state). Not sent again after a lost answer (a repeat could run it once more): after a
   * `NetworkError`, look at the task.
   */
  async retry(id: string, options: { signal?: AbortSignal } = {}): Promise<TaskDocument> {
    return readJson(await this.#send('retryTask', OPERATIONS.retryTask, { path: { id }, signal: options.signal }));
  }

  /** An execution group (`group: { atomic: true }` on submit): its status, members and their compensations. */
  async getTaskGroup(id: string, options: { signal?: AbortSignal } = {}): Promise<TaskGroup> {
    return readJson(await this.#send('getTaskGroup', OPERATIONS.getTaskGroup, { path: { id }, signal: options.signal }));
  }

  // Queues, workers and schedules ---------------------------------------------------------------

  /** One per task type: depth by status, the oldest queued task's age, whether it is paused. */
  async listQueues(options: { signal?: AbortSignal } = {}): Promise<Queue[]> {
    return (await readJson<{ items: Queue[] }>(await this.#send('listQueues', OPERATIONS.listQueues, options))).items;
  }

  /** Tasks succeeded and failed per minute over the last `minutes` (default 60), for one type or all. */
  async queueThroughput(query: { type?: string; minutes?: number } = {}, options: { signal?: AbortSignal } = {}): Promise<QueueThroughput> {
    return readJson(await this.#send('getQueueThroughput', OPERATIONS.getQueueThroughput, { query, signal: options.signal }));
  }

  /** Nothing of the type is claimed until it is resumed; submissions are still accepted. An admin key pauses it for every tenant. */
  async pauseQueue(type: string, options: { signal?: AbortSignal } = {}): Promise<QueuePauseState> {
    return readJson(await this.#send('pauseQueue', OPERATIONS.pauseQueue, { path: { type }, signal: options.signal }));
  }

  /** A tenant key lifts its own pause; only an admin key lifts the pause for every tenant. */
  async resumeQueue(type: string, options: { signal?: AbortSignal } = {}): Promise<QueuePauseState> {
    return readJson(await this.#send('resumeQueue', OPERATIONS.resumeQueue, { path: { type }, signal: options.signal }));
  }

  /** The in-process runners and HTTP workers heard of recently. */
  async listWorkers(options: { signal?: AbortSignal } = {}): Promise<WorkerInfo[]> {
    return (await readJson<{ items: WorkerInfo[] }>(await this.#send('listWorkers', OPERATIONS.listWorkers, options))).items;
  }

  /** Each tick of `cron` submits `task` once. Not sent again after a lost answer: a repeat would make a second schedule. */
  async createSchedule(schedule: NewSchedule, options: { signal?: AbortSignal } = {}): Promise<Schedule> {
    return readJson(await this.#send('createSchedule', OPERATIONS.createSchedule, { body: schedule, signal: options.signal }));
  }

  /** One page, oldest first. `cursor`: the previous page's `nextCursor`. */
  async listSchedules(query: ScheduleListQuery = {}, options: { signal?: AbortSignal } = {}): Promise<SchedulePage> {
    return readJson(await this.#send('listSchedules', OPERATIONS.listSchedules, { query, signal: options.signal }));
  }

  /** Every schedule, page after page. */
  async *listAllSchedules(query: Omit<ScheduleListQuery, 'cursor'> = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<Schedule, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.listSchedules({ ...query, cursor }, options);
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  async getSchedule(id: string, options: { signal?: AbortSignal } = {}): Promise<Schedule> {
    return readJson(await this.#send('getSchedule', OPERATIONS.getSchedule, { path: { id }, signal: options.signal }));
  }

  /** No tick is submitted until it is resumed. */
  async pauseSchedule(id: string, options: { signal?: AbortSignal } = {}): Promise<Schedule> {
    return readJson(await this.#send('pauseSchedule', OPERATIONS.pauseSchedule, { path: { id }, signal: options.signal }));
  }

  /** Ticks start again from the next one after now; those that fell in the pause are not submitted. */
  async resumeSchedule(id: string, options: { signal?: AbortSignal } = {}): Promise<Schedule> {
    return readJson(await this.#send('resumeSchedule', OPERATIONS.resumeSchedule, { path: { id }, signal: options.signal }));
  }

  /** No further tick; the tasks it submitted are not touched. */
  async deleteSchedule(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await discard(await this.#send('deleteSchedule', OPERATIONS.deleteSchedule, { path: { id }, signal: options.signal }));
  }

  // Keys and the caller -------------------------------------------------------------------------

  /** The key this client authenticates with: its id, tenant and role. */
  async me(options: { signal?: AbortSignal } = {}): Promise<Caller> {
    return readJson(await this.#send('getCaller', OPERATIONS.getCaller, options));
  }

  /** Admin keys only. The answer carries the `key` itself, once; a lost answer is not sent again (it would make a second key). */
  async createApiKey(key: NewApiKey, options: { signal?: AbortSignal } = {}): Promise<ApiKey> {
    return readJson(await this.#send('createApiKey', OPERATIONS.createApiKey, { body: key, signal: options.signal }));
  }

  /** Admin keys only; never the keys themselves. */
  async listApiKeys(query: { tenant?: string } = {}, options: { signal?: AbortSignal } = {}): Promise<ApiKey[]> {
    const res = await this.#send('listApiKeys', OPERATIONS.listApiKeys, { query, signal: options.signal });
    return (await readJson<{ items: ApiKey[] }>(res)).items;
  }

  /** Admin keys only. At once on the node that answers, within 5 s on the others. */
  async revokeApiKey(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await discard(await this.#send('revokeApiKey', OPERATIONS.revokeApiKey, { path: { id }, signal: options.signal }));
  }

  // Webhooks ------------------------------------------------------------------------------------

  /** The answer carries the signing `secret`, once. */
  async createWebhookEndpoint(endpoint: NewWebhookEndpoint, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return readJson(await this.#send('createWebhookEndpoint', OPERATIONS.createWebhookEndpoint, { body: endpoint, signal: options.signal }));
  }

  async listWebhookEndpoints(options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint[]> {
    return (await readJson<{ items: WebhookEndpoint[] }>(await this.#send('listWebhookEndpoints', OPERATIONS.listWebhookEndpoints, options))).items;
  }

  async getWebhookEndpoint(id: string, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return readJson(await this.#send('getWebhookEndpoint', OPERATIONS.getWebhookEndpoint, { path: { id }, signal: options.signal }));
  }

  async updateWebhookEndpoint(id: string, changes: WebhookEndpointChanges, options: { signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    return readJson(await this.#send('updateWebhookEndpoint', OPERATIONS.updateWebhookEndpoint, { path: { id }, body: changes, signal: options.signal }));
  }

  async deleteWebhookEndpoint(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await discard(await this.#send('deleteWebhookEndpoint', OPERATIONS.deleteWebhookEndpoint, { path: { id }, signal: options.signal }));
  }

  /** The new secret is in the answer; the old one keeps signing for `overlapSeconds` (default 24 h). */
  async rotateWebhookEndpointSecret(id: string, options: { overlapSeconds?: number; signal?: AbortSignal } = {}): Promise<WebhookEndpoint> {
    const body = options.overlapSeconds === undefined ? {} : { overlapSeconds: options.overlapSeconds };
    return readJson(await this.#send('rotateWebhookEndpointSecret', OPERATIONS.rotateWebhookEndpointSecret, { path: { id }, body, signal: options.signal }));
  }

  async listWebhookDeliveries(id: string, options: { signal?: AbortSignal } = {}): Promise<WebhookDelivery[]> {
    const res = await this.#send('listWebhookDeliveries', OPERATIONS.listWebhookDeliveries, { path: { id }, signal: options.signal });
    return (await readJson<{ items: WebhookDelivery[] }>(res)).items;
  }

  async redeliverWebhook(id: string, deliveryId: string, options: { signal?: AbortSignal } = {}): Promise<WebhookDelivery> {
    return readJson(await this.#send('redeliverWebhook', OPERATIONS.redeliverWebhook, { path: { id, deliveryId }, signal: options.signal }));
  }

  /** Creates (`created: true`) or rotates the tenant's callback signing secret; the answer carries it, once. */
  async rotateWebhookCallbackSecret(
    options: { overlapSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<WebhookCallbackSecret & { created: boolean }> {
    const body = options.overlapSeconds === undefined ? {} : { overlapSeconds: options.overlapSeconds };
    const res = await this.#send('rotateWebhookCallbackSecret', OPERATIONS.rotateWebhookCallbackSecret, { body, signal: options.signal });
    return { ...(await readJson<WebhookCallbackSecret>(res)), created: res.status === 201 };
  }

  async getWebhookCallbackSecret(options: { signal?: AbortSignal } = {}): Promise<WebhookCallbackSecret> {
    return readJson(await this.#send('getWebhookCallbackSecret', OPERATIONS.getWebhookCallbackSecret, options));
  }
}
