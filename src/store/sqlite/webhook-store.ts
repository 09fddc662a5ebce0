import { loadQueries } from '../sql-file.ts';
import type { TaskEventRow, WebhookAttemptRow, WebhookStore } from '../webhook-store.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { attemptFromRow, callbackSecretFromRow, deliveryFromRow, endpointFromRow, endpointParams, taskEventFromRow } from './row-mapping.ts';

// The webhook methods of the store seam over one SQLite connection. Task events are written by the
// trigger of migrations/002_webhooks.sql, not here.

const Q = loadQueries(new URL('./webhook-store.sql', import.meta.url), [
  'taskEventsTake', 'taskEventsList', 'taskEventOutboxDelete', 'webhookEndpointCreate', 'webhookEndpointGet',
  'webhookEndpointList', 'webhookEndpointUpdate', 'webhookEndpointDelete', 'webhookDeliveryCreate',
  'webhookDeliveryDue', 'webhookAttemptInsert', 'webhookDeliveryRecord', 'webhookDeliveryList',
  'webhookAttemptList', 'webhookDeliveryRedeliver', 'taskProgressDue', 'taskProgressEventInsert',
  'taskProgressMarkSent', 'taskProgressDrop', 'webhookCallbackSecretGet', 'webhookCallbackSecretPut',
  'webhookPruneEvents', 'webhookPruneDeliveries', 'webhookPruneAttempts', 'webhookPruneProgress',
] as const);

export function sqliteWebhookStore(c: SqliteConnection): SyncPart<WebhookStore> {
  const sql = c.queries(Q);

  return {
    taskEventsTake({ limit }) {
      return sql.all('taskEventsTake', { limit }).map(taskEventFromRow);
    },
    taskProgressTake({ now, intervalMs, limit }, sink) {
      return c.write(sink, () => {
        const out: TaskEventRow[] = [];
        for (const p of sql.all('taskProgressDue', { now, intervalMs, limit })) {
          if (p.task_status !== 'running') {
            sql.run('taskProgressDrop', { taskId: p.task_id as string });
            continue;
          }
          const r = sql.get('taskProgressEventInsert', { tenant: p.tenant, taskId: p.task_id, createdAt: p.changed_at, data: p.data });
          sql.run('taskProgressMarkSent', { taskId: p.task_id as string, now });
          if (r) out.push(taskEventFromRow(r));
        }
        return out;
      });
    },
    webhookCallbackSecretGet({ tenant }) {
      const r = sql.get('webhookCallbackSecretGet', { tenant });
      return r ? callbackSecretFromRow(r) : null;
    },
    webhookCallbackSecretPut({ row: s }, sink) {
      c.write1(sink, () => sql.run('webhookCallbackSecretPut', { ...s }));
    },
    webhookPrune({ before, limit }, sink) {
      return c.write(sink, () => {
        const events = Number(sql.run('webhookPruneEvents', { before, limit }).changes);
        const ids = sql.all('webhookPruneDeliveries', { before, limit }).map((r) => r.id as string);
        if (ids.length > 0) sql.run('webhookPruneAttempts', { ids: JSON.stringify(ids) });
        const progress = Number(sql.run('webhookPruneProgress', { before, limit }).changes);
        return { events, deliveries: ids.length, progress };
      });
    },
    taskEventsList({ tenant, taskId, afterId, limit }) {
      return sql.all('taskEventsList', { tenant, taskId, afterId, limit }).map(taskEventFromRow);
    },
    webhookEndpointCreate({ endpoint }, sink) {
      c.write1(sink, () => sql.run('webhookEndpointCreate', endpointParams(endpoint)));
    },
    webhookEndpointGet({ tenant, id }) {
      const r = sql.get('webhookEndpointGet', { tenant, id });
      return r ? endpointFromRow(r) : null;
    },
    webhookEndpointList({ tenant, enabledOnly }) {
      return sql.all('webhookEndpointList', { tenant, enabledOnly: enabledOnly ? 1 : 0 }).map(endpointFromRow);
    },
    webhookEndpointUpdate({ tenant, id, patch, now }, sink) {
      return c.write(sink, () => {
        const r = sql.get('webhookEndpointGet', { tenant, id });
        if (!r) return null;
        const next = { ...endpointFromRow(r), ...patch };
        const updated = sql.get('webhookEndpointUpdate', { ...endpointParams(next), now });
        return updated ? endpointFromRow(updated) : null;
      });
    },
    webhookEndpointDelete({ tenant, id }, sink) {
      return c.write1(sink, () => sql.get('webhookEndpointDelete', { tenant, id }) !== undefined);
    },
    webhookDeliveryCreateMany({ deliveries, eventIds }, sink) {
      c.write(sink, () => {
        const insert = sql.stmt('webhookDeliveryCreate');
        for (const d of deliveries) insert.run({ ...d, target: d.endpointId ?? 'callback' } as never);
        const del = sql.stmt('taskEventOutboxDelete');
        for (const eventId of eventIds) del.run({ eventId });
      });
    },
    webhookDeliveryDue({ now, limit, leaseMs }, sink) {
      return c.write1(sink, () => sql.all('webhookDeliveryDue', { now, limit, leaseMs }).map(deliveryFromRow));
    },
    webhookDeliveryRecordAttempt(p, sink) {
      c.write(sink, () => {
        sql.run('webhookAttemptInsert', { id: p.id, now: p.now, statusCode: p.statusCode, latencyMs: Math.round(p.latencyMs), error: p.error });
        sql.run('webhookDeliveryRecord', {
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
      const list = sql.all('webhookDeliveryList', { tenant, endpointId, limit }).map(deliveryFromRow);
      const attempts = new Map<string, WebhookAttemptRow[]>(list.map((d) => [d.id, []]));
      if (list.length > 0) {
        for (const r of sql.all('webhookAttemptList', { ids: JSON.stringify(list.map((d) => d.id)) })) {
          attempts.get(r.delivery_id as string)?.push(attemptFromRow(r));
        }
      }
      return list.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] }));
    },
    webhookDeliveryRedeliver({ tenant, endpointId, id, now }, sink) {
      return c.write1(sink, () => {
        const r = sql.get('webhookDeliveryRedeliver', { tenant, endpointId, id, now });
        return r ? deliveryFromRow(r) : null;
      });
    },
  };
}
