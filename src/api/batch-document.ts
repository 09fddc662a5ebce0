import { hash } from 'node:crypto';
import type { Config } from '../config/defaults.ts';
import type { BatchRequest } from '../domain/batch-plan.ts';
import { retryAfter } from '../domain/estimates.ts';
import type { BatchView } from '../operations/get-batch.ts';
import type { BatchRow } from '../store/batch-store.ts';
import type { TaskGroupMember, TaskGroupRow } from '../store/group-store.ts';

// The batch document (GET /v1/batches/{id}) and the execution group document (GET
// /v1/task-groups/{id}): rendered here, with the polling hints (Retry-After, ETag) of the batch.

export function batchPath(id: string): string {
  return `/v1/batches/${id}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What every rendering of a batch starts with: its dispatch. */
function batchHead(batch: BatchRow): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: batch.id,
    status: batch.status,
    progress: { done: batch.done, total: batch.total },
    createdAt: iso(batch.createdAt),
    updatedAt: iso(batch.updatedAt),
  };
  if (batch.dispatchedAt !== null) body.dispatchedAt = iso(batch.dispatchedAt);
  if (batch.completedAt !== null) body.completedAt = iso(batch.completedAt);
  return body;
}

/** A list item: the dispatch only (the work progress is one read more per batch: on its own document). */
export function batchSummary(batch: BatchRow): Record<string, unknown> {
  return { ...batchHead(batch), expiresAt: iso(batch.expiresAt), links: { self: batchPath(batch.id) } };
}

export function renderBatch(view: BatchView, config: Readonly<Pick<Config, 'retryAfter'>>, now: number): { json: string; etag: string; retryAfter: number | null } {
  const { batch, work } = view;
  const requests = JSON.parse(batch.requestsJson) as BatchRequest[];
  const tasks: Record<string, unknown> = { total: work.total, byStatus: work.byStatus, percent: work.percent };
  if (work.estimatedCompletionAt !== null) tasks.estimatedCompletionAt = iso(work.estimatedCompletionAt);
  const body = {
    ...batchHead(batch),
    responses: view.responses.map((r) => {
      const request = requests[r.index]!;
      return {
        id: request.id,
        status: r.status,
        headers: JSON.parse(r.headersJson),
        body: r.bodyJson === null ? null : JSON.parse(r.bodyJson),
        ...(request.atomicityGroup !== undefined ? { atomicityGroup: request.atomicityGroup } : {}),
      };
    }),
    tasks,
    expiresAt: iso(batch.expiresAt),
    links: {
      self: batchPath(batch.id),
      tasks: view.taskIds.map((id) => `/v1/tasks/${id}`),
      ...(view.moreTasks ? { tasksTruncated: true } : {}),
    },
  };
  const json = JSON.stringify(body);
  // The version names the dispatch's state; the digest moves with the tasks and the estimates too.
  const etag = `"${batch.version}-${hash('sha256', json, 'base64url').slice(0, 22)}"`;
  let hint: number | null = null;
  if (batch.status === 'accepted' || batch.status === 'running') hint = config.retryAfter.minSeconds;
  else if (batch.status === 'dispatched') {
    hint = retryAfter(work.estimatedCompletionAt === null ? null : work.estimatedCompletionAt - now, config.retryAfter);
  }
  return { json, etag, retryAfter: hint };
}

export function renderTaskGroup(group: TaskGroupRow, members: TaskGroupMember[]): Record<string, unknown> {
  const byStatus: Record<string, number> = {};
  for (const { task } of members) byStatus[task.status] = (byStatus[task.status] ?? 0) + 1;
  const allSucceeded = members.length > 0 && members.every((m) => m.task.status === 'succeeded');
  // `state` is what the coordinator did; a group it never had to act on is running until every
  // member succeeded.
  const status = group.state === 'active' ? (allSucceeded ? 'succeeded' : 'running') : group.state;
  return {
    id: group.id,
    status,
    atomic: true,
    ...(group.failedTaskId !== null ? { failedTaskId: group.failedTaskId } : {}),
    tasks: { total: members.length, byStatus },
    members: members.map(({ task, compensation }) => ({
      id: task.id,
      type: task.type,
      status: task.status,
      compensated: task.graph.compensated,
      ...(compensation ? { compensation: { id: compensation.id, status: compensation.status, href: `/v1/tasks/${compensation.id}` } } : {}),
      href: `/v1/tasks/${task.id}`,
    })),
    createdAt: iso(group.createdAt),
    updatedAt: iso(group.updatedAt),
    links: { self: `/v1/task-groups/${group.id}` },
  };
}
