import type { DurationStats } from '../domain/estimates.ts';

// The record part of the store seam: what the store keeps beside tasks for submissions — duration
// statistics per type, ids reserved ahead of a submit, and idempotency keys. Implemented by
// sqlite/record-store.ts and postgres/record-store.ts.

export interface TypeStatsGetParams {
  type: string;
}

export interface ReservationCreateParams {
  tenant: string;
  id: string;
  expiresAt: number;
}

export interface ReservationTakeParams {
  tenant: string;
  id: string;
  now: number;
}

export interface ReservationPurgeParams {
  now: number;
}

/**
 * What an idempotency record answers with: the task a single submission created (replayed as that
 * task's current document), or a bulk submission's item outcomes (JSON text owned by the bulk route;
 * the store keeps it opaque).
 */
export type IdempotencyResult = { taskId: string } | { outcome: string };

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in-flight' }
  | { state: 'mismatch' }
  | ({ state: 'done'; statusCode: number } & IdempotencyResult);

export interface IdempotencyBeginParams {
  tenant: string;
  key: string;
  fingerprint: string;
  now: number;
  lockedUntil: number;
  expiresAt: number;
}

/** What a request records on its key: the status it answers with and its task or bulk outcome. */
export type IdempotencyRecordParams = { tenant: string; key: string; statusCode: number } & IdempotencyResult;

export type IdempotencyAttachParams = IdempotencyRecordParams;

export type IdempotencyFinishParams = IdempotencyRecordParams;

export interface IdempotencyReleaseParams {
  tenant: string;
  key: string;
}

export interface IdempotencyPurgeParams {
  now: number;
}

export interface RecordStore {
  // ── duration statistics ──────────────────────────────────────────────────────────────────────
  typeStatsGet(params: TypeStatsGetParams): Promise<DurationStats | null>;
  typeStatsAll(): Promise<Map<string, DurationStats>>;

  // ── reserved ids (the server hands out the id first) ─────────────────────────────────────────
  reservationCreate(params: ReservationCreateParams): Promise<void>;
  /** True when an unexpired reservation of this tenant existed (it is removed). */
  reservationTake(params: ReservationTakeParams): Promise<boolean>;
  reservationPurge(params: ReservationPurgeParams): Promise<number>;

  // ── idempotency keys (scope: tenant + key) ───────────────────────────────────────────────────
  /**
   * Looks the key up and, when new, records it as in flight until `lockedUntil` (a crashed request's
   * record becomes replayable after that; its taskId or outcome is kept). Expired records count as new.
   */
  idempotencyBegin(params: IdempotencyBeginParams): Promise<IdempotencyBegin>;
  /** Links the task or bulk outcome (same transaction as the insert) while still in flight. */
  idempotencyAttach(params: IdempotencyAttachParams): Promise<void>;
  /** Marks the request done with the status it answered (and its task or bulk outcome). */
  idempotencyFinish(params: IdempotencyFinishParams): Promise<void>;
  /** Forgets the key (the request failed before doing anything: safe to retry). */
  idempotencyRelease(params: IdempotencyReleaseParams): Promise<void>;
  idempotencyPurge(params: IdempotencyPurgeParams): Promise<number>;
}
