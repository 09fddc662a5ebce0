// The schedule part of the store seam: recurring submissions. `nextRunAt` is the next tick not yet
// submitted; `scheduleAdvance` moves it on only from the value the caller read, so of several
// nodes looking at one tick, one wins — in the transaction that inserts the tick's task.
// Implemented by sqlite/schedule-store.ts and postgres/schedule-store.ts.

export interface ScheduleRow {
  id: string;
  tenant: string;
  cron: string;
  timezone: string;
  /** The submission body as JSON text, exactly as `POST /v1/tasks` takes it. */
  taskJson: string;
  overlap: 'skip' | 'allow';
  pausedAt: number | null;
  nextRunAt: number | null;
  lastTickAt: number | null;
  lastTaskId: string | null;
  /** Ticks submitted, and ticks skipped (overlap: skip). */
  ticks: number;
  skipped: number;
  createdAt: number;
  updatedAt: number;
}

export interface ScheduleCreateParams {
  schedule: ScheduleRow;
}

export interface ScheduleGetParams {
  tenant: string | null;
  id: string;
}

export interface ScheduleListParams {
  tenant: string | null;
  limit: number;
  /** Only schedules created after the one with this id (ids are time-ordered): the next page. */
  after: string | null;
}

export interface ScheduleSetPausedParams {
  tenant: string | null;
  id: string;
  /** null: resume. */
  pausedAt: number | null;
  /** On resume: the next tick from now (ticks missed while paused are not submitted). */
  nextRunAt: number | null;
  now: number;
}

export interface ScheduleDeleteParams {
  tenant: string | null;
  id: string;
}

export interface ScheduleListDueParams {
  now: number;
  limit: number;
}

export interface ScheduleAdvanceParams {
  id: string;
  /** The nextRunAt the caller read: nothing changes unless it is still current. */
  expected: number;
  nextRunAt: number | null;
  tickAt: number;
  /** The tick's task; null when the tick was skipped. */
  taskId: string | null;
  now: number;
}

export interface ScheduleStore {
  scheduleCreate(params: ScheduleCreateParams): Promise<void>;
  scheduleGet(params: ScheduleGetParams): Promise<ScheduleRow | null>;
  /** Oldest first. */
  scheduleList(params: ScheduleListParams): Promise<ScheduleRow[]>;
  /** The schedule after the change; null when it does not exist (for this tenant). */
  scheduleSetPaused(params: ScheduleSetPausedParams): Promise<ScheduleRow | null>;
  scheduleDelete(params: ScheduleDeleteParams): Promise<boolean>;
  /** Unpaused schedules whose nextRunAt ≤ now, earliest first. */
  scheduleListDue(params: ScheduleListDueParams): Promise<ScheduleRow[]>;
  /** Claims the tick: true when nextRunAt was `expected` (and is now `nextRunAt`). */
  scheduleAdvance(params: ScheduleAdvanceParams): Promise<boolean>;
}
