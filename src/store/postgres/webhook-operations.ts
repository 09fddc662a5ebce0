import { loadQueries } from '../sql-file.ts';
import type {
  NewWebhookDelivery,
  TaskEventRow,
  WebhookAttemptRow,
  WebhookCallbackSecretRow,
  WebhookDeliveryRow,
  WebhookEndpointPatch,
  WebhookEndpointRow,
  WebhookStore,
} from '../webhook-store.ts';
import type { Executor, Row } from './executor.ts';
import { taskFromRow } from './row-mapping.ts';

// The webhook methods of the store seam on PostgreSQL. PostgresStore delegates to one of these per
// executor (pool or transaction). Task events come from the trigger of migrations/002_webhooks.sql.

const Q = loadQueries(new URL('./webhook-queries.sql', import.meta.url), [
  'taskEventsTake',
  'taskEventsList',
  'taskEventOutboxDelete',
  'webhookEndpointCreate',
  'webhookEndpointGet',
  'webhookEndpointGetForUpdate',
  'webhookEndpointList',
  'webhookEndpointUpdate',
  'webhookEndpointDelete',
  'webhookDeliveryCreateMany',
  'webhookDeliveryDue',
  'webhookDeliveryRecordAttempt',
  'webhookDeliveryList',
  'webhookAttemptList',
  'webhookDeliveryRedeliver',
  'taskProgressTake',
  'webhookCallbackSecretGet',
  'webhookCallbackSecretPut',
  'webhookPrune',
] as const);
type QueryName = keyof typeof Q;

function taskEventFromRow(r: Row): TaskEventRow {
  return {
    id: r.id as number,
    tenant: r.tenant as string,
    taskId: r.task_id as string,
    type: r.type as TaskEventRow['type'],
    createdAt: r.created_at as number,
    task: taskFromRow(r.data as Row),
  };
}

function endpointFromRow(r: Row): WebhookEndpointRow {
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

function deliveryFromRow(r: Row): WebhookDeliveryRow {
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

const jsonOrNull = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export class PostgresWebhookOperations implements WebhookStore {
  readonly #ex: Executor;

  constructor(ex: Executor) {
    this.#ex = ex;
  }

  async #rows(name: QueryName, values: unknown[]): Promise<Row[]> {
    return (await this.#ex.query(name, Q[name], values)).rows;
  }

  async taskEventsTake({ limit }: { limit: number }): Promise<TaskEventRow[]> {
    return (await this.#rows('taskEventsTake', [limit])).map(taskEventFromRow);
  }

  async taskProgressTake(p: { now: number; intervalMs: number; limit: number }): Promise<TaskEventRow[]> {
    return (await this.#rows('taskProgressTake', [p.now, p.intervalMs, p.limit])).map(taskEventFromRow);
  }

  async webhookCallbackSecretGet({ tenant }: { tenant: string }): Promise<WebhookCallbackSecretRow | null> {
    const r = (await this.#rows('webhookCallbackSecretGet', [tenant]))[0];
    if (!r) return null;
    return {
      tenant: r.tenant as string,
      secret: r.secret as string,
      previousSecret: (r.previous_secret as string | null) ?? null,
      previousSecretExpiresAt: (r.previous_secret_expires_at as number | null) ?? null,
      createdAt: r.created_at as number,
      updatedAt: r.updated_at as number,
    };
  }

  async webhookCallbackSecretPut({ row: s }: { row: WebhookCallbackSecretRow }): Promise<void> {
    await this.#rows('webhookCallbackSecretPut', [s.tenant, s.secret, s.previousSecret, s.previousSecretExpiresAt, s.createdAt, s.updatedAt]);
  }

  async webhookPrune({ before, limit }: { before: number; limit: number }): Promise<{ events: number; deliveries: number; progress: number }> {
    const r = (await this.#rows('webhookPrune', [before, limit]))[0]!;
    return { events: r.events as number, deliveries: r.deliveries as number, progress: r.progress as number };
  }

  async taskEventsList(p: { tenant: string | null; taskId: string; afterId: number; limit: number }): Promise<TaskEventRow[]> {
    return (await this.#rows('taskEventsList', [p.taskId, p.tenant, p.afterId, p.limit])).map(taskEventFromRow);
  }

  async webhookEndpointCreate({ endpoint: e }: { endpoint: WebhookEndpointRow }): Promise<void> {
    await this.#rows('webhookEndpointCreate', [
      e.id, e.tenant, e.url, e.description, jsonOrNull(e.eventTypes), e.secret, e.previousSecret,
      e.previousSecretExpiresAt, e.createdAt, e.updatedAt, e.disabledAt, e.disabledReason,
    ]);
  }

  async webhookEndpointGet({ tenant, id }: { tenant: string | null; id: string }): Promise<WebhookEndpointRow | null> {
    const r = (await this.#rows('webhookEndpointGet', [id, tenant]))[0];
    return r ? endpointFromRow(r) : null;
  }

  async webhookEndpointList({ tenant, enabledOnly }: { tenant: string; enabledOnly?: boolean }): Promise<WebhookEndpointRow[]> {
    return (await this.#rows('webhookEndpointList', [tenant, enabledOnly ?? false])).map(endpointFromRow);
  }

  webhookEndpointUpdate(p: { tenant: string | null; id: string; patch: WebhookEndpointPatch; now: number }): Promise<WebhookEndpointRow | null> {
    return this.#ex.transaction(async (ex) => {
      const ops = new PostgresWebhookOperations(ex);
      const r = (await ops.#rows('webhookEndpointGetForUpdate', [p.id, p.tenant]))[0];
      if (!r) return null;
      const e = { ...endpointFromRow(r), ...p.patch };
      const u = (await ops.#rows('webhookEndpointUpdate', [
        e.id, e.tenant, e.url, e.description, jsonOrNull(e.eventTypes), e.secret, e.previousSecret,
        e.previousSecretExpiresAt, e.disabledAt, e.disabledReason, p.now,
      ]))[0];
      return u ? endpointFromRow(u) : null;
    });
  }

  async webhookEndpointDelete({ tenant, id }: { tenant: string; id: string }): Promise<boolean> {
    return (await this.#rows('webhookEndpointDelete', [id, tenant])).length > 0;
  }

  webhookDeliveryCreateMany({ deliveries: d, eventIds }: { deliveries: NewWebhookDelivery[]; eventIds: number[] }): Promise<void> {
    return this.#ex.transaction(async (ex) => {
      const ops = new PostgresWebhookOperations(ex);
      if (d.length > 0) {
        await ops.#rows('webhookDeliveryCreateMany', [
          d.map((x) => x.id), d.map((x) => x.tenant), d.map((x) => x.eventId), d.map((x) => x.taskId),
          d.map((x) => x.endpointId), d.map((x) => x.url), d.map((x) => x.messageId), d.map((x) => x.eventType),
          d.map((x) => x.payload), d.map((x) => x.createdAt),
        ]);
      }
      if (eventIds.length > 0) await ops.#rows('taskEventOutboxDelete', [eventIds]);
    });
  }

  async webhookDeliveryDue({ now, limit, leaseMs }: { now: number; limit: number; leaseMs: number }): Promise<WebhookDeliveryRow[]> {
    return (await this.#rows('webhookDeliveryDue', [now, limit, leaseMs])).map(deliveryFromRow);
  }

  async webhookDeliveryRecordAttempt(p: {
    id: string;
    now: number;
    statusCode: number | null;
    latencyMs: number;
    error: string | null;
    delivered: boolean;
    nextAttemptAt: number | null;
  }): Promise<void> {
    await this.#rows('webhookDeliveryRecordAttempt', [
      p.id, p.now, p.statusCode, Math.round(p.latencyMs), p.error, p.delivered, p.nextAttemptAt,
    ]);
  }

  async webhookDeliveryList(p: { tenant: string; endpointId: string; limit: number }): Promise<(WebhookDeliveryRow & { attemptLog: WebhookAttemptRow[] })[]> {
    const list = (await this.#rows('webhookDeliveryList', [p.tenant, p.endpointId, p.limit])).map(deliveryFromRow);
    const attempts = new Map<string, WebhookAttemptRow[]>(list.map((d) => [d.id, []]));
    if (list.length > 0) {
      for (const r of await this.#rows('webhookAttemptList', [list.map((d) => d.id)])) {
        attempts.get(r.delivery_id as string)?.push({
          attemptedAt: r.attempted_at as number,
          statusCode: (r.status_code as number | null) ?? null,
          latencyMs: r.latency_ms as number,
          error: (r.error as string | null) ?? null,
        });
      }
    }
    return list.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] }));
  }

  async webhookDeliveryRedeliver(p: { tenant: string; endpointId: string; id: string; now: number }): Promise<WebhookDeliveryRow | null> {
    const r = (await this.#rows('webhookDeliveryRedeliver', [p.id, p.tenant, p.endpointId, p.now]))[0];
    return r ? deliveryFromRow(r) : null;
  }
}

/** The webhook methods over one executor, as a plain object to spread into a store view. */
export function webhookOperations(ctx: { ex: Executor }): WebhookStore {
  const ops = new PostgresWebhookOperations(ctx.ex);
  const out: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(PostgresWebhookOperations.prototype)) {
    if (name === 'constructor') continue;
    const method = (ops as unknown as Record<string, (p: unknown) => unknown>)[name]!;
    out[name] = (p: unknown) => method.call(ops, p);
  }
  return out as unknown as WebhookStore;
}
