import type { DurationStats } from '../../domain/estimates.ts';
import { NO_GRAPH, type NewTask, type TaskError, type TaskGraphFields, type TaskRow, type TaskStatus, type Tombstone } from '../../domain/task.ts';
import type { ApiKeyRow } from '../api-key-store.ts';
import type {
  TaskEventRow,
  WebhookAttemptRow,
  WebhookCallbackSecretRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../webhook-store.ts';

// Row mapping between SQLite columns (snake_case, JSON as TEXT, booleans as 0/1) and domain rows.

type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

const str = (v: SqlValue): string => v as string;
const strOrNull = (v: SqlValue): string | null => (v === null ? null : (v as string));
const num = (v: SqlValue): number => v as number;
const numOrNull = (v: SqlValue): number | null => (v === null ? null : (v as number));

export function taskFromRow(r: SqlRow): TaskRow {
  return {
    id: str(r.id),
    tenant: str(r.tenant),
    type: str(r.type),
    status: r.status as TaskStatus,
    customId: strOrNull(r.custom_id),
    priority: num(r.priority),
    inputJson: str(r.input),
    metadata: r.metadata === null ? null : JSON.parse(r.metadata as string),
    fingerprint: str(r.fingerprint),
    runAt: num(r.run_at),
    timeoutSeconds: num(r.timeout_seconds),
    maxAttempts: num(r.max_attempts),
    attempts: num(r.attempts),
    leaseToken: strOrNull(r.lease_token),
    leaseExpiresAt: numOrNull(r.lease_expires_at),
    workerId: strOrNull(r.worker_id),
    cancelRequested: r.cancel_requested === 1,
    destroyRequested: r.destroy_requested === 1,
    progress: {
      percent: numOrNull(r.progress_percent),
      message: strOrNull(r.progress_message),
      current: numOrNull(r.progress_current),
      total: numOrNull(r.progress_total),
    },
    resultJson: strOrNull(r.result),
    error: r.error === null ? null : (JSON.parse(r.error as string) as TaskError),
    callbackUrl: strOrNull(r.callback_url),
    createdAt: num(r.created_at),
    startedAt: numOrNull(r.started_at),
    updatedAt: num(r.updated_at),
    finishedAt: numOrNull(r.finished_at),
    expiresAt: num(r.expires_at),
    version: num(r.version),
    seq: num(r.seq),
    graph: graphFromRow(r),
  };
}

/**
 * The graph and group columns (migration 008). Event snapshots written by the status trigger of
 * migration 004 do not carry them: absent columns read as a task outside any graph.
 */
function graphFromRow(r: SqlRow): TaskGraphFields {
  if (r.depends_on == null && r.group_id == null && r.compensates == null && !r.has_dependents && !r.compensated) return NO_GRAPH;
  return {
    dependsOn: r.depends_on == null ? null : (JSON.parse(r.depends_on as string) as string[]),
    dependencyPolicy: r.dependency_policy === 'always' ? 'always' : 'succeeded',
    waiting: (r.deps_waiting as number | undefined) ?? 0,
    hasDependents: r.has_dependents === 1,
    depth: (r.graph_depth as number | undefined) ?? 0,
    groupId: (r.group_id as string | null | undefined) ?? null,
    compensates: (r.compensates as string | null | undefined) ?? null,
    compensated: r.compensated === 1,
  };
}

/** Bind parameters of `taskInsert`. */
export function insertParams(t: NewTask): Record<string, SqlValue> {
  return {
    id: t.id,
    tenant: t.tenant,
    type: t.type,
    status: t.status,
    customId: t.customId,
    priority: t.priority,
    inputJson: t.inputJson,
    metadata: t.metadata === null ? null : JSON.stringify(t.metadata),
    fingerprint: t.fingerprint,
    runAt: t.runAt,
    timeoutSeconds: t.timeoutSeconds,
    maxAttempts: t.maxAttempts,
    callbackUrl: t.callbackUrl,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
  };
}

/** The row `taskInsert` wrote, built without reading it back (bulk submit stays one statement per row). */
export function insertedTask(t: NewTask, seq: number): TaskRow {
  return {
    id: t.id,
    tenant: t.tenant,
    type: t.type,
    status: t.status,
    customId: t.customId,
    priority: t.priority,
    inputJson: t.inputJson,
    metadata: t.metadata === null ? null : { ...t.metadata },
    fingerprint: t.fingerprint,
    runAt: t.runAt,
    timeoutSeconds: t.timeoutSeconds,
    maxAttempts: t.maxAttempts,
    attempts: 0,
    leaseToken: null,
    leaseExpiresAt: null,
    workerId: null,
    cancelRequested: false,
    destroyRequested: false,
    progress: { percent: null, message: null, current: null, total: null },
    resultJson: null,
    error: null,
    callbackUrl: t.callbackUrl,
    createdAt: t.createdAt,
    startedAt: null,
    updatedAt: t.createdAt,
    finishedAt: null,
    expiresAt: t.expiresAt,
    version: 1,
    seq,
    graph: NO_GRAPH,
  };
}

export function tombstoneFromRow(r: SqlRow): Tombstone {
  return { id: str(r.id), tenant: str(r.tenant), reason: r.reason as Tombstone['reason'], at: num(r.at) };
}

export function apiKeyFromRow(r: SqlRow): ApiKeyRow {
  return {
    id: str(r.id),
    tenant: str(r.tenant),
    name: strOrNull(r.name),
    admin: r.admin === 1,
    createdAt: num(r.created_at),
    revokedAt: numOrNull(r.revoked_at),
    lastUsedAt: numOrNull(r.last_used_at),
    ...(typeof r.worker_types === 'string'
      ? { worker: { types: JSON.parse(r.worker_types) as string[], allTenants: r.worker_all_tenants === 1 } }
      : {}),
  };
}

export const statsFromRow = (r: SqlRow): DurationStats => ({ count: r.count as number, meanMs: r.mean_ms as number });

export function taskEventFromRow(r: SqlRow): TaskEventRow {
  return {
    id: r.id as number,
    tenant: r.tenant as string,
    taskId: r.task_id as string,
    type: r.type as TaskEventRow['type'],
    createdAt: r.created_at as number,
    task: taskFromRow(JSON.parse(r.data as string) as SqlRow),
  };
}

export function endpointFromRow(r: SqlRow): WebhookEndpointRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    url: r.url as string,
    description: r.description as string | null,
    eventTypes: r.event_types === null ? null : (JSON.parse(r.event_types as string) as string[]),
    secret: r.secret as string,
    previousSecret: r.previous_secret as string | null,
    previousSecretExpiresAt: r.previous_secret_expires_at as number | null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    disabledAt: r.disabled_at as number | null,
    disabledReason: r.disabled_reason as string | null,
  };
}

export function endpointParams(e: WebhookEndpointRow): Record<string, string | number | null> {
  return {
    id: e.id,
    tenant: e.tenant,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes === null ? null : JSON.stringify(e.eventTypes),
    secret: e.secret,
    previousSecret: e.previousSecret,
    previousSecretExpiresAt: e.previousSecretExpiresAt,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    disabledAt: e.disabledAt,
    disabledReason: e.disabledReason,
  };
}

export function callbackSecretFromRow(r: SqlRow): WebhookCallbackSecretRow {
  return {
    tenant: r.tenant as string,
    secret: r.secret as string,
    previousSecret: r.previous_secret as string | null,
    previousSecretExpiresAt: r.previous_secret_expires_at as number | null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function deliveryFromRow(r: SqlRow): WebhookDeliveryRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    eventId: r.event_id as number,
    taskId: r.task_id as string,
    endpointId: r.endpoint_id as string | null,
    url: r.url as string,
    messageId: r.message_id as string,
    eventType: r.event_type as string,
    payload: r.payload as string,
    createdAt: r.created_at as number,
    status: r.status as WebhookDeliveryRow['status'],
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number | null,
    lastStatusCode: r.last_status_code as number | null,
    lastError: r.last_error as string | null,
    updatedAt: r.updated_at as number,
    deliveredAt: r.delivered_at as number | null,
  };
}

export function attemptFromRow(r: SqlRow): WebhookAttemptRow {
  return {
    attemptedAt: r.attempted_at as number,
    statusCode: r.status_code as number | null,
    latencyMs: r.latency_ms as number,
    error: r.error as string | null,
  };
}
