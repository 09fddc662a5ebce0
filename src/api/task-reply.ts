import type { FastifyReply } from 'fastify';
import type { TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';
import { JSON_CONTENT_TYPE, type RenderDeps, renderTask, serializeTask, taskPath } from './task-document.ts';

// How a task document goes out: the headers that belong to it are set in one place.

export interface TaskReplyOptions {
  status: number;
  now: number;
  location?: boolean;
  replayed?: boolean;
  preferenceApplied?: string | null;
  includeInput?: boolean;
  /** The request's store, for the estimates' reads (a transaction's view inside one). */
  store?: Store;
}

export async function replyWithTask(deps: RenderDeps, reply: FastifyReply, task: TaskRow, options: TaskReplyOptions) {
  const { body, retryAfter } = await renderTask(deps, task, { now: options.now, includeInput: options.includeInput, store: options.store });
  if (options.location) reply.header('location', taskPath(task.id));
  if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
  if (options.replayed) reply.header('idempotent-replayed', 'true');
  if (options.preferenceApplied) reply.header('preference-applied', options.preferenceApplied);
  // Serialised once: the ETag digests exactly the bytes sent.
  const { json, etag } = serializeTask(task, body);
  reply.header('etag', etag);
  return reply.code(options.status).type(JSON_CONTENT_TYPE).send(json);
}
