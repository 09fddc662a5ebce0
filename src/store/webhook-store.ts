import type { TaskRow } from '../domain/task.ts';

// The webhook part of the store seam: task events written by the database in the same transaction
// as the status change (outbox), per-tenant endpoints, and deliveries with every attempt recorded.
// Implemented by sqlite/webhook-store.ts and postgres/webhook-store.ts, covered by
// test/store/webhook-store-contract.ts.

export type TaskEventType = 'task.started' | 'task.progress' | 'task.succeeded' | 'task.failed' | 'task.canceled';

export interface TaskEventRow {
  /** Monotonic per database. */
  id: number;
  tenant: string;
  taskId: string;
  type: TaskEventType;
  createdAt: number;
  /** The task as it was when the event happened (input omitted). */
  task: TaskRow;
}

export interface WebhookEndpointRow {
  id: string;
  tenant: string;
  url: string;
  description: string | null;
  /** null: every event type. */
  eventTypes: string[] | null;
  secret: string;
  /** During a rotation the previous secret still signs until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  disabledReason: string | null;
}

/** A tenant's secret for signing callbackUrl deliveries (rotated like an endpoint's). */
export interface WebhookCallbackSecretRow {
  tenant: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string | null;
  eventTypes?: string[] | null;
  secret?: string;
  previousSecret?: string | null;
  previousSecretExpiresAt?: number | null;
  disabledAt?: number | null;
  disabledReason?: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewWebhookDelivery {
  id: string;
  tenant: string;
  eventId: number;
  taskId: string;
  /** null: the task's callbackUrl. */
  endpointId: string | null;
  url: string;
  /** `webhook-id`, identical across attempts. */
  messageId: string;
  eventType: string;
  /** The exact body bytes (UTF-8 text), fixed at fan-out so every attempt sends the same. */
  payload: string;
  createdAt: number;
}

export interface WebhookDeliveryRow extends NewWebhookDelivery {
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  updatedAt: number;
  deliveredAt: number | null;
}

export interface WebhookAttemptRow {
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface TaskEventsTakeParams {
  limit: number;
}

export interface TaskProgressTakeParams {
  now: number;
  intervalMs: number;
  limit: number;
}

export interface TaskEventsListParams {
  tenant: string | null;
  taskId: string;
  afterId: number;
  limit: number;
}

export interface WebhookEndpointCreateParams {
  endpoint: WebhookEndpointRow;
}

export interface WebhookEndpointGetParams {
  tenant: string | null;
  id: string;
}

export interface WebhookEndpointListParams {
  tenant: string;
  enabledOnly?: boolean;
}

export interface WebhookEndpointUpdateParams {
  tenant: string | null;
  id: string;
  patch: WebhookEndpointPatch;
  now: number;
}

export interface WebhookEndpointDeleteParams {
  tenant: string;
  id: string;
}

export interface WebhookCallbackSecretGetParams {
  tenant: string;
}

export interface WebhookCallbackSecretPutParams {
  row: WebhookCallbackSecretRow;
}

export interface WebhookPruneParams {
  before: number;
  limit: number;
}

export interface WebhookPruneResult {
  events: number;
  deliveries: number;
  progress: number;
}

export interface WebhookDeliveryCreateManyParams {
  deliveries: NewWebhookDelivery[];
  eventIds: number[];
}

export interface WebhookDeliveryDueParams {
  now: number;
  limit: number;
  leaseMs: number;
}

export interface WebhookDeliveryRecordAttemptParams {
  id: string;
  now: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  delivered: boolean;
  nextAttemptAt: number | null;
}

export interface WebhookDeliveryListParams {
  tenant: string;
  endpointId: string;
  limit: number;
}

export type WebhookDeliveryWithAttempts = WebhookDeliveryRow & { attemptLog: WebhookAttemptRow[] };

export interface WebhookDeliveryRedeliverParams {
  tenant: string;
  endpointId: string;
  id: string;
  now: number;
}

export interface WebhookStore {
  // ── task events (outbox) ─────────────────────────────────────────────────────────────────────
  /**
   * Up to `limit` events not yet fanned out, oldest first. Call inside withTransaction together
   * with webhookDeliveryCreateMany (which marks them done); on PostgreSQL concurrent takers skip
   * each other's rows (SKIP LOCKED).
   */
  taskEventsTake(params: TaskEventsTakeParams): Promise<TaskEventRow[]>;
  /**
   * task.progress events, throttled: the latest pending progress (last state wins, written by a
   * trigger with the progress update, only for tenants with an enabled endpoint listing
   * task.progress) of up to `limit` tasks that had no progress event in the last `intervalMs`,
   * turned into task events now. Progress of a task no longer running is dropped. Call inside
   * withTransaction together with webhookDeliveryCreateMany.
   */
  taskProgressTake(params: TaskProgressTakeParams): Promise<TaskEventRow[]>;
  /** Status events of one task after `afterId`, oldest first; task.progress excluded (an inspection read). */
  taskEventsList(params: TaskEventsListParams): Promise<TaskEventRow[]>;

  // ── endpoints ────────────────────────────────────────────────────────────────────────────────
  webhookEndpointCreate(params: WebhookEndpointCreateParams): Promise<void>;
  webhookEndpointGet(params: WebhookEndpointGetParams): Promise<WebhookEndpointRow | null>;
  /** Oldest first. `enabledOnly`: skip disabled endpoints (the fan-out). */
  webhookEndpointList(params: WebhookEndpointListParams): Promise<WebhookEndpointRow[]>;
  webhookEndpointUpdate(params: WebhookEndpointUpdateParams): Promise<WebhookEndpointRow | null>;
  /** True when it existed. Its pending deliveries fail on their next attempt. */
  webhookEndpointDelete(params: WebhookEndpointDeleteParams): Promise<boolean>;

  // ── callback signing secret (per tenant) ─────────────────────────────────────────────────────
  webhookCallbackSecretGet(params: WebhookCallbackSecretGetParams): Promise<WebhookCallbackSecretRow | null>;
  /** Creates or replaces the tenant's row. */
  webhookCallbackSecretPut(params: WebhookCallbackSecretPutParams): Promise<void>;

  // ── retention ────────────────────────────────────────────────────────────────────────────────
  /**
   * Deletes up to `limit` each of: task events older than `before` (already fanned out), delivered
   * or failed deliveries last changed before `before` with their attempts, and idle progress rows.
   */
  webhookPrune(params: WebhookPruneParams): Promise<WebhookPruneResult>;

  // ── deliveries ───────────────────────────────────────────────────────────────────────────────
  /**
   * Inserts the deliveries (a duplicate (eventId, endpoint/callback) is ignored, so a repeated
   * fan-out is harmless) and removes `eventIds` from the outbox, atomically.
   */
  webhookDeliveryCreateMany(params: WebhookDeliveryCreateManyParams): Promise<void>;
  /**
   * Claims up to `limit` pending deliveries due at `now`: their next attempt moves to now + leaseMs,
   * so another dispatcher does not take them while this one tries (and a crashed one's come back).
   */
  webhookDeliveryDue(params: WebhookDeliveryDueParams): Promise<WebhookDeliveryRow[]>;
  /** Records one attempt: delivered, retry at `nextAttemptAt`, or (null and not delivered) failed for good. */
  webhookDeliveryRecordAttempt(params: WebhookDeliveryRecordAttemptParams): Promise<void>;
  /** Newest first, each with its attempts (oldest first). */
  webhookDeliveryList(params: WebhookDeliveryListParams): Promise<WebhookDeliveryWithAttempts[]>;
  /** Makes a delivery of this endpoint pending again, due now. null when unknown. */
  webhookDeliveryRedeliver(params: WebhookDeliveryRedeliverParams): Promise<WebhookDeliveryRow | null>;
}
