import { loadQueries } from '../sql-file.ts';
import type { WebhookAttemptRow, WebhookStore } from '../webhook-store.ts';
import type { StoreContext } from './connection.ts';
import { attemptFromRow, callbackSecretFromRow, deliveryFromRow, endpointFromRow, jsonOrNull, taskEventFromRow } from './row-mapping.ts';

// The webhook methods of the store seam on PostgreSQL. Task events come from the trigger of
// migrations/002_webhooks.sql, not from here.

const Q = loadQueries(new URL('./webhook-store.sql', import.meta.url), [
  'taskEventsTake', 'taskEventsList', 'taskEventOutboxDelete', 'webhookEndpointCreate', 'webhookEndpointGet',
  'webhookEndpointGetForUpdate', 'webhookEndpointList', 'webhookEndpointUpdate', 'webhookEndpointDelete',
  'webhookDeliveryCreateMany', 'webhookDeliveryDue', 'webhookDeliveryRecordAttempt', 'webhookDeliveryList',
  'webhookAttemptList', 'webhookDeliveryRedeliver', 'taskProgressTake', 'webhookCallbackSecretGet',
  'webhookCallbackSecretPut', 'webhookPrune',
] as const);

export function postgresWebhookStore(ctx: StoreContext): WebhookStore {
  const sql = ctx.queries(Q);

  return {
    async taskEventsTake({ limit }) {
      return (await sql.rows('taskEventsTake', [limit])).map(taskEventFromRow);
    },

    async taskProgressTake(p) {
      return (await sql.rows('taskProgressTake', [p.now, p.intervalMs, p.limit])).map(taskEventFromRow);
    },

    async webhookCallbackSecretGet({ tenant }) {
      const r = (await sql.rows('webhookCallbackSecretGet', [tenant]))[0];
      return r ? callbackSecretFromRow(r) : null;
    },

    async webhookCallbackSecretPut({ row: s }) {
      await sql.rows('webhookCallbackSecretPut', [s.tenant, s.secret, s.previousSecret, s.previousSecretExpiresAt, s.createdAt, s.updatedAt]);
    },

    async webhookPrune({ before, limit }) {
      const r = (await sql.rows('webhookPrune', [before, limit]))[0]!;
      return { events: r.events as number, deliveries: r.deliveries as number, progress: r.progress as number };
    },

    async taskEventsList(p) {
      return (await sql.rows('taskEventsList', [p.taskId, p.tenant, p.afterId, p.limit])).map(taskEventFromRow);
    },

    async webhookEndpointCreate({ endpoint: e }) {
      await sql.rows('webhookEndpointCreate', [
        e.id, e.tenant, e.url, e.description, jsonOrNull(e.eventTypes), e.secret, e.previousSecret,
        e.previousSecretExpiresAt, e.createdAt, e.updatedAt, e.disabledAt, e.disabledReason,
      ]);
    },

    async webhookEndpointGet({ tenant, id }) {
      const r = (await sql.rows('webhookEndpointGet', [id, tenant]))[0];
      return r ? endpointFromRow(r) : null;
    },

    async webhookEndpointList({ tenant, enabledOnly }) {
      return (await sql.rows('webhookEndpointList', [tenant, enabledOnly ?? false])).map(endpointFromRow);
    },

    webhookEndpointUpdate(p) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        const r = (await tx.rows('webhookEndpointGetForUpdate', [p.id, p.tenant]))[0];
        if (!r) return null;
        const e = { ...endpointFromRow(r), ...p.patch };
        const u = (await tx.rows('webhookEndpointUpdate', [
          e.id, e.tenant, e.url, e.description, jsonOrNull(e.eventTypes), e.secret, e.previousSecret,
          e.previousSecretExpiresAt, e.disabledAt, e.disabledReason, p.now,
        ]))[0];
        return u ? endpointFromRow(u) : null;
      });
    },

    async webhookEndpointDelete({ tenant, id }) {
      return (await sql.rows('webhookEndpointDelete', [id, tenant])).length > 0;
    },

    webhookDeliveryCreateMany({ deliveries: d, eventIds }) {
      return ctx.tx(async (txCtx) => {
        const tx = txCtx.queries(Q);
        if (d.length > 0) {
          await tx.rows('webhookDeliveryCreateMany', [
            d.map((x) => x.id), d.map((x) => x.tenant), d.map((x) => x.eventId), d.map((x) => x.taskId),
            d.map((x) => x.endpointId), d.map((x) => x.url), d.map((x) => x.messageId), d.map((x) => x.eventType),
            d.map((x) => x.payload), d.map((x) => x.createdAt),
          ]);
        }
        if (eventIds.length > 0) await tx.rows('taskEventOutboxDelete', [eventIds]);
      });
    },

    async webhookDeliveryDue({ now, limit, leaseMs }) {
      return (await sql.rows('webhookDeliveryDue', [now, limit, leaseMs])).map(deliveryFromRow);
    },

    async webhookDeliveryRecordAttempt(p) {
      await sql.rows('webhookDeliveryRecordAttempt', [
        p.id, p.now, p.statusCode, Math.round(p.latencyMs), p.error, p.delivered, p.nextAttemptAt,
      ]);
    },

    async webhookDeliveryList(p) {
      const list = (await sql.rows('webhookDeliveryList', [p.tenant, p.endpointId, p.limit])).map(deliveryFromRow);
      const attempts = new Map<string, WebhookAttemptRow[]>(list.map((d) => [d.id, []]));
      if (list.length > 0) {
        for (const r of await sql.rows('webhookAttemptList', [list.map((d) => d.id)])) {
          attempts.get(r.delivery_id as string)?.push(attemptFromRow(r));
        }
      }
      return list.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] }));
    },

    async webhookDeliveryRedeliver(p) {
      const r = (await sql.rows('webhookDeliveryRedeliver', [p.id, p.tenant, p.endpointId, p.now]))[0];
      return r ? deliveryFromRow(r) : null;
    },
  };
}
