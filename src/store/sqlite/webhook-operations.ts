import type { WebhookStore, TaskEventRow, WebhookCallbackSecretRow, WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../webhook-store.ts';
import type { Connection, EventSink } from './task-operations.ts';
import { type SqlRow, taskFromRow } from './task-row.ts';

// The webhook methods of the store seam over one SQLite connection (see task-operations.ts for how
// they run). Task events are written by the trigger of migrations/002_webhooks.sql, not here.

type WebhookOperations = {
  [K in keyof WebhookStore]: (params: Parameters<WebhookStore[K]>[0], sink: EventSink) => Awaited<ReturnType<WebhookStore[K]>>;
};

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

function endpointFromRow(r: SqlRow): WebhookEndpointRow {
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

function endpointParams(e: WebhookEndpointRow): Record<string, string | number | null> {
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

function callbackSecretFromRow(r: SqlRow): WebhookCallbackSecretRow {
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

function attemptFromRow(r: SqlRow): WebhookAttemptRow {
  return {
    attemptedAt: r.attempted_at as number,
    statusCode: r.status_code as number | null,
    latencyMs: r.latency_ms as number,
    error: r.error as string | null,
  };
}

export function createWebhookOperations(c: Connection): WebhookOperations {
  const { q, write } = c;
  const rows = (name: string, params: object = {}) => q(name).all(params as never) as SqlRow[];
  const row = (name: string, params: object = {}) => q(name).get(params as never) as SqlRow | undefined;

  return {
    taskEventsTake({ limit }) {
      return rows('taskEventsTake', { limit }).map(taskEventFromRow);
    },
    taskProgressTake({ now, intervalMs, limit }, sink) {
      return write(sink, () => {
        const out: TaskEventRow[] = [];
        for (const p of rows('taskProgressDue', { now, intervalMs, limit })) {
          if (p.task_status !== 'running') {
            q('taskProgressDrop').run({ taskId: p.task_id as string });
            continue;
          }
          const r = row('taskProgressEventInsert', { tenant: p.tenant, taskId: p.task_id, createdAt: p.changed_at, data: p.data });
          q('taskProgressMarkSent').run({ taskId: p.task_id as string, now });
          if (r) out.push(taskEventFromRow(r));
        }
        return out;
      });
    },
    webhookCallbackSecretGet({ tenant }) {
      const r = row('webhookCallbackSecretGet', { tenant });
      return r ? callbackSecretFromRow(r) : null;
    },
    webhookCallbackSecretPut({ row: s }, sink) {
      write(sink, () => q('webhookCallbackSecretPut').run({ ...s }), false);
    },
    webhookPrune({ before, limit }, sink) {
      return write(sink, () => {
        const events = Number(q('webhookPruneEvents').run({ before, limit }).changes);
        const ids = rows('webhookPruneDeliveries', { before, limit }).map((r) => r.id as string);
        if (ids.length > 0) q('webhookPruneAttempts').run({ ids: JSON.stringify(ids) });
        const progress = Number(q('webhookPruneProgress').run({ before, limit }).changes);
        return { events, deliveries: ids.length, progress };
      });
    },
    taskEventsList({ tenant, taskId, afterId, limit }) {
      return rows('taskEventsList', { tenant, taskId, afterId, limit }).map(taskEventFromRow);
    },
    webhookEndpointCreate({ endpoint }, sink) {
      write(sink, () => q('webhookEndpointCreate').run(endpointParams(endpoint)), false);
    },
    webhookEndpointGet({ tenant, id }) {
      const r = row('webhookEndpointGet', { tenant, id });
      return r ? endpointFromRow(r) : null;
    },
    webhookEndpointList({ tenant, enabledOnly }) {
      return rows('webhookEndpointList', { tenant, enabledOnly: enabledOnly ? 1 : 0 }).map(endpointFromRow);
    },
    webhookEndpointUpdate({ tenant, id, patch, now }, sink) {
      return write(sink, () => {
        const r = row('webhookEndpointGet', { tenant, id });
        if (!r) return null;
        const next = { ...endpointFromRow(r), ...patch };
        const updated = row('webhookEndpointUpdate', { ...endpointParams(next), now });
        return updated ? endpointFromRow(updated) : null;
      });
    },
    webhookEndpointDelete({ tenant, id }, sink) {
      return write(sink, () => row('webhookEndpointDelete', { tenant, id }) !== undefined, false);
    },
    webhookDeliveryCreateMany({ deliveries, eventIds }, sink) {
      write(sink, () => {
        const insert = q('webhookDeliveryCreate');
        for (const d of deliveries) insert.run({ ...d, target: d.endpointId ?? 'callback' } as never);
        const del = q('taskEventOutboxDelete');
        for (const eventId of eventIds) del.run({ eventId });
      });
    },
    webhookDeliveryDue({ now, limit, leaseMs }, sink) {
      return write(sink, () => rows('webhookDeliveryDue', { now, limit, leaseMs }).map(deliveryFromRow), false);
    },
    webhookDeliveryRecordAttempt(p, sink) {
      write(sink, () => {
        q('webhookAttemptInsert').run({ id: p.id, now: p.now, statusCode: p.statusCode, latencyMs: Math.round(p.latencyMs), error: p.error });
        q('webhookDeliveryRecord').run({
          id: p.id,
          now: p.now,
          statusCode: p.statusCode,
          error: p.error,
          delivered: p.delivered ? 1 : 0,
          nextAttemptAt: p.nextAttemptAt,
        });
      });
    },
    webhookDeliveryList({ tenant, endpointId, limit }) {
      const list = rows('webhookDeliveryList', { tenant, endpointId, limit }).map(deliveryFromRow);
      const attempts = new Map<string, WebhookAttemptRow[]>(list.map((d) => [d.id, []]));
      if (list.length > 0) {
        for (const r of rows('webhookAttemptList', { ids: JSON.stringify(list.map((d) => d.id)) })) {
          attempts.get(r.delivery_id as string)?.push(attemptFromRow(r));
        }
      }
      return list.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] }));
    },
    webhookDeliveryRedeliver({ tenant, endpointId, id, now }, sink) {
      return write(sink, () => {
        const r = row('webhookDeliveryRedeliver', { tenant, endpointId, id, now });
        return r ? deliveryFromRow(r) : null;
      }, false);
    },
  };
}
