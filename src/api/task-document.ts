import { hash } from 'node:crypto';
import type { Config } from '../config/defaults.ts';
import { type DurationStats, estimateTask, type RunningAttempt } from '../domain/estimates.ts';
import { type TaskRow, taskErrorForApi } from '../domain/task.ts';
import type { TaskTypes } from '../operations/task-types.ts';
import type { Store } from '../store/store.ts';
import { type FileLinks, fileSummary } from './file-links.ts';
import type { QueuePositions } from './queue-positions.ts';
import type { TypeStats } from './type-stats.ts';

// Renders a stored task as the API's task document (the `Task` schema) and derives the
// polling hints (Retry-After, ETag) from the same rendering.

export interface RenderDeps {
  positions: QueuePositions;
  typeStats: TypeStats;
  taskTypes: TaskTypes;
  config: Readonly<Config>;
  /** When given, a succeeded task lists the files it produced (`files`, with signed links). */
  files?: FileLinks;
}

export interface RenderOptions {
  now: number;
  includeInput?: boolean;
  /** Per-request cache of duration statistics by type. */
  statsCache?: Map<string, DurationStats | null>;
  /**
   * The store to read position and statistics through when it is not the app's own (a transaction's
   * view: the app's root store may be locked by that very transaction).
   */
  store?: Store;
}

export interface RenderedTask {
  body: Record<string, unknown>;
  /** Integer seconds for unfinished tasks, null once terminal. */
  retryAfter: number | null;
}

/** Tasks ahead are counted exactly up to this many (limits.positionExactMax); beyond, a lower bound. */
export function positionCap(config: Readonly<Config>): number {
  return Math.max(1, Math.floor(config.limits.positionExactMax));
}

export function taskPath(id: string): string {
  return `/v1/tasks/${id}`;
}

export async function renderTask(deps: RenderDeps, task: TaskRow, options: RenderOptions): Promise<RenderedTask> {
  const terminal = task.status === 'succeeded' || task.status === 'failed' || task.status === 'canceled';
  // Both reads at once: one round trip's latency instead of two on PostgreSQL.
  const queued = task.status === 'queued';
  const [stats, position, running, files] = await Promise.all([
    terminal ? null : statsFor(deps.typeStats, task.type, options.statsCache, options.store),
    queued ? deps.positions.position(task, options.store) : null,
    // A queued task starts when a slot of its type frees up: its estimate needs the running attempts.
    queued ? deps.positions.running(task.type, options.store) : undefined,
    task.status === 'succeeded' && deps.files ? (options.store ?? deps.files.store).fileListByTasks({ taskIds: [task.id] }) : null,
  ]);
  const rendered = renderWith(deps, task, { ...options, stats, position, running });
  if (files && files.length > 0 && deps.files) {
    const links = deps.files;
    // Before `links`, where the document lists it.
    const { links: taskLinks, ...rest } = rendered.body;
    rendered.body = { ...rest, files: await Promise.all(files.map((f) => fileSummary(links, f, options.now))), links: taskLinks };
  }
  return rendered;
}

export function renderWith(
  deps: Pick<RenderDeps, 'taskTypes' | 'config'>,
  task: TaskRow,
  options: RenderOptions & { stats: DurationStats | null; position: number | null; running?: readonly RunningAttempt[] },
): RenderedTask {
  const { now, stats, position } = options;
  const parallelism = deps.taskTypes.get(task.type)?.concurrency ?? deps.config.worker.typeConcurrency;
  const estimate = estimateTask({ task, stats, position, parallelism, running: options.running, now, policy: deps.config.retryAfter });
  const self = taskPath(task.id);
  const progress: Record<string, unknown> = { percent: estimate.percent, source: estimate.source };
  if (task.progress.message !== null) progress.message = task.progress.message;
  if (task.progress.current !== null) progress.current = task.progress.current;
  if (task.progress.total !== null) progress.total = task.progress.total;

  const body: Record<string, unknown> = { id: task.id, type: task.type, status: task.status };
  if (task.customId !== null) body.customId = task.customId;
  body.priority = task.priority;
  if (task.metadata !== null) body.metadata = task.metadata;
  body.progress = progress;
  if (task.status === 'queued' && position !== null) {
    body.position = position;
    // Counting stopped at the cap: there are at least this many ahead (estimates use the bound).
    if (position >= positionCap(deps.config)) body.positionIsLowerBound = true;
  }
  // A child waiting for its parents starts when they are done: nothing to estimate from the queue.
  const waiting = task.status === 'pending' ? task.graph.waiting : 0;
  if (estimate.estimatedStartAt !== null && waiting === 0) body.estimatedStartAt = iso(estimate.estimatedStartAt);
  if (estimate.estimatedCompletionAt !== null && waiting === 0) body.estimatedCompletionAt = iso(estimate.estimatedCompletionAt);
  body.attempts = { count: task.attempts, max: task.maxAttempts };
  if (task.status === 'pending' || task.status === 'queued') body.runAt = iso(task.runAt);
  body.timeoutSeconds = task.timeoutSeconds;
  if (task.callbackUrl !== null) body.callbackUrl = task.callbackUrl;
  body.createdAt = iso(task.createdAt);
  if (task.startedAt !== null) body.startedAt = iso(task.startedAt);
  body.updatedAt = iso(task.updatedAt);
  if (task.finishedAt !== null) body.finishedAt = iso(task.finishedAt);
  body.expiresAt = iso(task.expiresAt);
  body.cancelRequested = task.cancelRequested;
  if (task.status === 'succeeded') body.result = task.resultJson === null ? null : JSON.parse(task.resultJson);
  if (task.error !== null && (task.status === 'failed' || task.status === 'canceled')) body.error = taskErrorForApi(task.error);
  if (options.includeInput) body.input = JSON.parse(task.inputJson);
  const graph = task.graph;
  if (graph.dependsOn !== null) {
    body.dependsOn = graph.dependsOn;
    body.dependencyPolicy = graph.dependencyPolicy;
    if (waiting > 0) body.waitingFor = waiting;
  }
  if (graph.groupId !== null) {
    body.group = { id: graph.groupId, atomic: true };
    body.compensated = graph.compensated;
  }
  if (graph.compensates !== null) body.compensates = graph.compensates;
  body.links = { self, result: `${self}/result`, cancel: `${self}/cancel`, events: `${self}/events` };
  if (graph.groupId !== null) (body.links as Record<string, string>).group = `/v1/task-groups/${graph.groupId}`;
  return { body, retryAfter: estimate.retryAfterSeconds };
}

async function statsFor(stats: TypeStats, type: string, cache?: Map<string, DurationStats | null>, store?: Store) {
  if (cache?.has(type)) return cache.get(type) ?? null;
  const found = await stats.get(type, store);
  cache?.set(type, found);
  return found;
}

/**
 * The document's bytes and their strong ETag, from one serialisation (send `json` as it is): the
 * task's version plus a digest of the exact bytes, `"<version>-<digest>"`. The digest makes it change
 * whenever the bytes do (estimates move with time); the version lets `If-Match` be checked atomically
 * by the store and lets a long-poll tell "the task changed" from "only the estimate moved".
 */
export function serializeTask(task: TaskRow, body: Record<string, unknown>): { json: string; etag: string } {
  const json = JSON.stringify(body);
  // One-shot hash: no Hash object per document.
  const digest = hash('sha256', json, 'base64url').slice(0, 22);
  return { json, etag: `"${task.version}-${digest}"` };
}

/** JSON.stringify's output is already JSON: declared so that Fastify sends it untouched. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The version an ETag of ours was made from, or null for a tag that is not ours. */
export function etagVersion(tag: string): number | null {
  const match = /^"(\d{1,15})-[A-Za-z0-9_-]{22}"$/.exec(tag);
  return match ? Number(match[1]) : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
