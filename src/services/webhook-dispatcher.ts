import type { Config } from '../config/defaults.ts';
import { newId } from '../domain/ids.ts';
import type { Store } from '../store/store.ts';
import type { NewWebhookDelivery, WebhookDeliveryRow, WebhookEndpointRow } from '../store/webhook-store.ts';
import { batchEventBody } from '../webhooks/batch-payload.ts';
import { eventTypeMatches, webhookBody } from '../webhooks/webhook-payload.ts';
import { signatureHeader } from '../webhooks/webhook-signature.ts';
import { safeRequest, type SafeResponse } from '../webhooks/safe-request.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Webhook dispatcher (docs/webhooks.md). Two loops:
// - fan-out (a chore: one node at a time): takes task events from the outbox and, in the same
//   transaction, turns each into deliveries — the task's callbackUrl and the tenant's enabled
//   endpoints whose filter matches — with the body bytes and `webhook-id` fixed once, so every
//   retry sends the same; also task.progress (throttled: the latest pending progress of a task at
//   most once per webhooks.progressIntervalSeconds), for endpoints that list it only;
// - delivery (every node): claims due deliveries with a short lease, sends at most `concurrency` at
//   once through safeRequest, and records every attempt: 2xx delivered; 410 disables the endpoint;
//   other failures retry on the configured schedule (±20% jitter), honouring Retry-After on 429/5xx;
//   after the last retry the delivery fails for good (the app can still poll the task). Callback
//   deliveries are signed with the tenant's callback secret when it has one.
// A third loop (a chore) prunes task events and finished deliveries after webhooks.retentionSeconds.

/**
 * One attempt's outcome (the `outcome` label of offload_webhook_deliveries_total): delivered (2xx),
 * retry (failed, another attempt is scheduled), failed (for good), refused (the outbound policy
 * refused the target: never sent), disabled (410 Gone: the endpoint was disabled).
 */
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'refused' | 'disabled';

export interface WebhookDispatcherDeps {
  store: Store;
  config: Pick<Config, 'webhooks'>;
  logger: ServiceLogger;
  holder: string;
  /** How often each loop looks for work when idle. */
  pollIntervalMs?: number;
  /** How often old events and finished deliveries are pruned (webhooks.retentionSeconds). */
  pruneIntervalMs?: number;
  /** Called once per attempt (start-node feeds offload_webhook_deliveries_total with it). */
  onOutcome?: (outcome: DeliveryOutcome) => void;
  now?: () => number;
}

const FANOUT_BATCH = 200;
const PRUNE_BATCH = 1000;
const MAX_RETRY_AFTER_MS = 86_400_000;

export function createWebhookDispatcher(deps: WebhookDispatcherDeps): Service {
  const { store, logger } = deps;
  const cfg = deps.config.webhooks;
  const now = deps.now ?? Date.now;
  const pollMs = deps.pollIntervalMs ?? 250;
  const schedule = cfg.scheduleSeconds.map(Number);
  const policy = { allow: cfg.allow, allowHttp: cfg.allowHttp };
  const leaseMs = cfg.timeoutMs + 30_000;
  const progressIntervalMs = cfg.progressIntervalSeconds * 1000;
  const retentionMs = cfg.retentionSeconds * 1000;
  const inFlight = new Set<Promise<void>>();

  async function fanOut(): Promise<number | undefined> {
    for (;;) {
      const [taken, progressTaken] = await store.withTransaction(async (tx) => {
        const events = await tx.taskEventsTake({ limit: FANOUT_BATCH });
        const progress = await tx.taskProgressTake({ now: now(), intervalMs: progressIntervalMs, limit: FANOUT_BATCH });
        const batchEvents = await tx.batchEventsTake({ limit: FANOUT_BATCH });
        if (events.length === 0 && progress.length === 0 && batchEvents.length === 0) return [0, 0];
        const endpointsByTenant = new Map<string, WebhookEndpointRow[]>();
        const endpointsOf = async (tenant: string) => {
          let endpoints = endpointsByTenant.get(tenant);
          if (!endpoints) {
            endpoints = await tx.webhookEndpointList({ tenant, enabledOnly: true });
            endpointsByTenant.set(tenant, endpoints);
          }
          return endpoints;
        };
        const deliveries: NewWebhookDelivery[] = [];
        const at = now();
        // Batch events go to the tenant's endpoints only (a batch has no callbackUrl); the delivery's
        // task id is the batch's.
        for (const event of batchEvents) {
          const payload = batchEventBody(event);
          const messageId = newId('msg');
          for (const ep of (await endpointsOf(event.tenant)).filter((e) => eventTypeMatches(e.eventTypes, event.type))) {
            deliveries.push({
              id: newId('whd'), tenant: event.tenant, eventId: event.id, taskId: event.batchId, endpointId: ep.id, url: ep.url,
              messageId, eventType: event.type, payload, createdAt: at,
            });
          }
        }
        for (const event of [...events, ...progress]) {
          const endpoints = await endpointsOf(event.tenant);
          const targets = endpoints.filter((ep) => eventTypeMatches(ep.eventTypes, event.type));
          // task.progress goes to endpoints that list it, never to a task's callbackUrl.
          const callback = event.type !== 'task.progress' ? event.task.callbackUrl : null;
          if (targets.length === 0 && !callback) continue;
          const payload = webhookBody(event);
          const messageId = newId('msg');
          const base = { tenant: event.tenant, eventId: event.id, taskId: event.taskId, messageId, eventType: event.type, payload, createdAt: at };
          if (callback) deliveries.push({ ...base, id: newId('whd'), endpointId: null, url: callback });
          for (const ep of targets) deliveries.push({ ...base, id: newId('whd'), endpointId: ep.id, url: ep.url });
        }
        await tx.webhookDeliveryCreateMany({ deliveries, eventIds: [...events, ...batchEvents].map((e) => e.id) });
        return [Math.max(events.length, batchEvents.length), progress.length];
      });
      if (taken < FANOUT_BATCH && progressTaken < FANOUT_BATCH) return undefined;
    }
  }

  async function prune(): Promise<number | undefined> {
    const before = now() - retentionMs;
    let total = { events: 0, deliveries: 0, progress: 0 };
    for (;;) {
      const pruned = await store.webhookPrune({ before, limit: PRUNE_BATCH });
      total = { events: total.events + pruned.events, deliveries: total.deliveries + pruned.deliveries, progress: total.progress + pruned.progress };
      if (pruned.events < PRUNE_BATCH && pruned.deliveries < PRUNE_BATCH && pruned.progress < PRUNE_BATCH) break;
    }
    if (total.events || total.deliveries || total.progress) logger.info(total, 'webhook retention pass');
    return undefined;
  }

  async function deliverDue(): Promise<number | undefined> {
    const room = cfg.concurrency - inFlight.size;
    if (room <= 0) return pollMs;
    const due = await store.webhookDeliveryDue({ now: now(), limit: room, leaseMs });
    for (const delivery of due) {
      const p: Promise<void> = attempt(delivery)
        .catch((err) => logger.error({ err, delivery: delivery.id }, 'webhook attempt failed to record; its lease will expire and it retries'))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    // A full batch: look again soon rather than after a whole interval.
    return due.length === room ? 10 : undefined;
  }

  async function attempt(delivery: WebhookDeliveryRow): Promise<void> {
    let endpoint: WebhookEndpointRow | null = null;
    if (delivery.endpointId !== null) {
      endpoint = await store.webhookEndpointGet({ tenant: delivery.tenant, id: delivery.endpointId });
      if (!endpoint || endpoint.disabledAt !== null) {
        await record(delivery, { statusCode: null, latencyMs: 0, error: endpoint ? 'endpoint disabled' : 'endpoint deleted' }, 'failed');
        return;
      }
    }
    const startedAt = now();
    const timestamp = Math.floor(startedAt / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Offload-Webhooks/1',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(timestamp),
    };
    // An endpoint signs with its own secret; a callbackUrl with the tenant's callback secret, if it has one.
    const secrets = endpoint ?? (await store.webhookCallbackSecretGet({ tenant: delivery.tenant }));
    if (secrets) headers['webhook-signature'] = signatureHeader(secrets, delivery.messageId, timestamp, delivery.payload, startedAt);
    const url = endpoint ? endpoint.url : delivery.url;
    const res = await safeRequest({ url, headers, body: delivery.payload, policy, timeoutMs: cfg.timeoutMs, maxResponseBytes: cfg.maxResponseBytes });
    await settle(delivery, endpoint, res);
  }

  async function settle(delivery: WebhookDeliveryRow, endpoint: WebhookEndpointRow | null, res: SafeResponse): Promise<void> {
    if (res.kind === 'refused') {
      const attemptRow = { statusCode: null, latencyMs: res.latencyMs, error: `refused: ${res.reason}` };
      await record(delivery, attemptRow, res.transient ? retryAt(delivery, null) : 'failed');
      return;
    }
    if (res.kind === 'error') {
      await record(delivery, { statusCode: null, latencyMs: res.latencyMs, error: res.reason }, retryAt(delivery, null));
      return;
    }
    const { statusCode } = res;
    if (statusCode >= 200 && statusCode < 300) {
      await record(delivery, { statusCode, latencyMs: res.latencyMs, error: null }, 'delivered');
      return;
    }
    if (statusCode === 410) {
      if (endpoint) {
        await store.webhookEndpointUpdate({
          tenant: endpoint.tenant,
          id: endpoint.id,
          patch: { disabledAt: now(), disabledReason: 'the endpoint answered 410 Gone' },
          now: now(),
        });
        logger.warn({ endpoint: endpoint.id }, 'webhook endpoint answered 410 Gone: disabled');
      }
      await record(delivery, { statusCode, latencyMs: res.latencyMs, error: 'HTTP 410 Gone' }, 'failed', endpoint ? 'disabled' : undefined);
      return;
    }
    const honoured = statusCode === 429 || statusCode >= 500 ? parseRetryAfter(res.retryAfter, now()) : null;
    const error = statusCode >= 300 && statusCode < 400 ? `HTTP ${statusCode} (redirects are not followed)` : `HTTP ${statusCode}`;
    await record(delivery, { statusCode, latencyMs: res.latencyMs, error }, retryAt(delivery, honoured));
  }

  /** The next attempt's time, or 'failed' when the schedule is exhausted. */
  function retryAt(delivery: WebhookDeliveryRow, retryAfterMs: number | null): number | 'failed' {
    const seconds = schedule[delivery.attempts];
    if (seconds === undefined) return 'failed';
    const jittered = seconds * 1000 * (0.8 + Math.random() * 0.4);
    const delay = retryAfterMs === null ? jittered : Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
    return now() + Math.round(delay);
  }

  async function record(
    delivery: WebhookDeliveryRow,
    a: { statusCode: number | null; latencyMs: number; error: string | null },
    next: number | 'failed' | 'delivered',
    outcomeOverride?: DeliveryOutcome,
  ): Promise<void> {
    await store.webhookDeliveryRecordAttempt({
      id: delivery.id,
      now: now(),
      ...a,
      delivered: next === 'delivered',
      nextAttemptAt: typeof next === 'number' ? next : null,
    });
    const outcome: DeliveryOutcome =
      outcomeOverride ?? (next === 'delivered' ? 'delivered' : typeof next === 'number' ? 'retry' : a.error?.startsWith('refused') ? 'refused' : 'failed');
    deps.onOutcome?.(outcome);
    if (outcome !== 'delivered') logger.debug({ delivery: delivery.id, url: delivery.url, ...a, outcome }, 'webhook attempt failed');
  }

  const fanOutService = createIntervalService({
    name: 'webhook-fanout',
    intervalMs: pollMs,
    logger,
    chore: { store, holder: deps.holder, ttlMs: Math.max(pollMs * 3, 10_000) },
    run: fanOut,
  });
  const deliveryService = createIntervalService({ name: 'webhook-delivery', intervalMs: pollMs, logger, run: deliverDue });
  const pruneMs = deps.pruneIntervalMs ?? 60_000;
  const pruneService = createIntervalService({
    name: 'webhook-retention',
    intervalMs: pruneMs,
    logger,
    chore: { store, holder: deps.holder, ttlMs: Math.max(pruneMs * 3, 10_000) },
    run: prune,
  });

  return {
    name: 'webhook-dispatcher',
    start() {
      fanOutService.start();
      deliveryService.start();
      pruneService.start();
    },
    async stop() {
      await Promise.all([fanOutService.stop(), deliveryService.stop(), pruneService.stop()]);
      // Attempts already sent finish and are recorded; their leases would otherwise have to expire.
      await Promise.all([...inFlight]);
    },
  };
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP-date; null when absent or malformed. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
