import { type Metadata, NO_GRAPH, type NewTask, type TaskError, type TaskGraphFields, type TaskRow, type TaskStatus, type Tombstone } from '../../domain/task.ts';
import type { ApiKeyRow } from '../api-key-store.ts';
import type {
  TaskEventRow,
  WebhookAttemptRow,
  WebhookCallbackSecretRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../webhook-store.ts';

// Rows come back with snake_case columns; int8 columns are already numbers (the pool's own type
// parser), JSONB columns already parsed.

export type DbRow = Record<string, unknown>;

export function taskFromRow(r: DbRow): TaskRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    type: r.type as string,
    status: r.status as TaskStatus,
    customId: (r.custom_id as string | null) ?? null,
    priority: r.priority as number,
    inputJson: r.input as string,
    metadata: (r.metadata as Metadata | null) ?? null,
    fingerprint: r.fingerprint as string,
    runAt: r.run_at as number,
    timeoutSeconds: r.timeout_seconds as number,
    maxAttempts: r.max_attempts as number,
    attempts: r.attempts as number,
    leaseToken: (r.lease_token as string | null) ?? null,
    leaseExpiresAt: (r.lease_expires_at as number | null) ?? null,
    workerId: (r.worker_id as string | null) ?? null,
    cancelRequested: r.cancel_requested as boolean,
    destroyRequested: r.destroy_requested as boolean,
    progress: {
      percent: (r.progress_percent as number | null) ?? null,
      message: (r.progress_message as string | null) ?? null,
      current: (r.progress_current as number | null) ?? null,
      total: (r.progress_total as number | null) ?? null,
    },
    resultJson: (r.result as string | null) ?? null,
    error: (r.error as TaskError | null) ?? null,
    callbackUrl: (r.callback_url as string | null) ?? null,
    createdAt: r.created_at as number,
    startedAt: (r.started_at as number | null) ?? null,
    updatedAt: r.updated_at as number,
    finishedAt: (r.finished_at as number | null) ?? null,
    expiresAt: r.expires_at as number,
    version: r.version as number,
    seq: r.seq as number,
    graph: graphFromRow(r),
  };
}

/** The graph and group columns (migration 008); an event snapshot taken before it lacks them. */
function graphFromRow(r: DbRow): TaskGraphFields {
  if (r.depends_on == null && r.group_id == null && r.compensates == null && !r.has_dependents && !r.compensated) return NO_GRAPH;
  return {
    dependsOn: (r.depends_on as string[] | null | undefined) ?? null,
    dependencyPolicy: r.dependency_policy === 'always' ? 'always' : 'succeeded',
    waiting: (r.deps_waiting as number | undefined) ?? 0,
    hasDependents: r.has_dependents === true,
    depth: (r.graph_depth as number | undefined) ?? 0,
    groupId: (r.group_id as string | null | undefined) ?? null,
    compensates: (r.compensates as string | null | undefined) ?? null,
    compensated: r.compensated === true,
  };
}

/** The row a fresh insert of `t` creates (the column defaults of migrations/001_init.sql). */
export function insertedTask(t: NewTask, seq: number): TaskRow {
  return {
    ...t,
    attempts: 0,
    leaseToken: null,
    leaseExpiresAt: null,
    workerId: null,
    cancelRequested: false,
    destroyRequested: false,
    progress: { percent: null, message: null, current: null, total: null },
    resultJson: null,
    error: null,
    startedAt: null,
    updatedAt: t.createdAt,
    finishedAt: null,
    version: 1,
    seq,
    graph: NO_GRAPH,
  };
}

/** Positional parameters of `taskInsert`, in the column order of the query. */
export function taskInsertParams(t: NewTask): unknown[] {
  return [
    t.id,
    t.tenant,
    t.type,
    t.status,
    t.customId,
    t.priority,
    t.inputJson,
    jsonOrNull(t.metadata),
    t.fingerprint,
    t.runAt,
    t.timeoutSeconds,
    t.maxAttempts,
    t.callbackUrl,
    t.createdAt,
    t.expiresAt,
  ];
}

/** The same columns as `taskInsertParams`, one array per column, for `unnest`. */
export function taskInsertManyParams(tasks: NewTask[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 15 }, () => new Array(tasks.length));
  tasks.forEach((t, i) => {
    const row = taskInsertParams(t);
    for (let c = 0; c < row.length; c++) columns[c]![i] = row[c];
  });
  return columns;
}

export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function tombstoneFromRow(r: DbRow): Tombstone {
  return { id: r.id as string, tenant: r.tenant as string, reason: r.reason as Tombstone['reason'], at: r.at as number };
}

export function apiKeyFromRow(r: DbRow): ApiKeyRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    name: (r.name as string | null) ?? null,
    admin: r.admin as boolean,
    createdAt: r.created_at as number,
    revokedAt: (r.revoked_at as number | null) ?? null,
    lastUsedAt: (r.last_used_at as number | null) ?? null,
    ...(Array.isArray(r.worker_types) ? { worker: { types: r.worker_types as string[], allTenants: r.worker_all_tenants === true } } : {}),
  };
}

export function taskEventFromRow(r: DbRow): TaskEventRow {
  return {
    id: r.id as number,
    tenant: r.tenant as string,
    taskId: r.task_id as string,
    type: r.type as TaskEventRow['type'],
    createdAt: r.created_at as number,
    task: taskFromRow(r.data as DbRow),
  };
}

export function endpointFromRow(r: DbRow): WebhookEndpointRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    url: r.url as string,
    description: (r.description as string | null) ?? null,
    eventTypes: (r.event_types as string[] | null) ?? null,
    secret: r.secret as string,
    previousSecret: (r.previous_secret as string | null) ?? null,
    previousSecretExpiresAt: (r.previous_secret_expires_at as number | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    disabledAt: (r.disabled_at as number | null) ?? null,
    disabledReason: (r.disabled_reason as string | null) ?? null,
  };
}

export function deliveryFromRow(r: DbRow): WebhookDeliveryRow {
  return {
    id: r.id as string,
    tenant: r.tenant as string,
    eventId: r.event_id as number,
    taskId: r.task_id as string,
    endpointId: (r.endpoint_id as string | null) ?? null,
    url: r.url as string,
    messageId: r.message_id as string,
    eventType: r.event_type as string,
    payload: r.payload as string,
    createdAt: r.created_at as number,
    status: r.status as WebhookDeliveryRow['status'],
    attempts: r.attempts as number,
    nextAttemptAt: (r.next_attempt_at as number | null) ?? null,
    lastStatusCode: (r.last_status_code as number | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    updatedAt: r.updated_at as number,
    deliveredAt: (r.delivered_at as number | null) ?? null,
  };
}

export function callbackSecretFromRow(r: DbRow): WebhookCallbackSecretRow {
  return {
    tenant: r.tenant as string,
    secret: r.secret as string,
    previousSecret: (r.previous_secret as string | null) ?? null,
    previousSecretExpiresAt: (r.previous_secret_expires_at as number | null) ?? null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function attemptFromRow(r: DbRow): WebhookAttemptRow {
  return {
    attemptedAt: r.attempted_at as number,
    statusCode: (r.status_code as number | null) ?? null,
    latencyMs: r.latency_ms as number,
    error: (r.error as string | null) ?? null,
  };
}
