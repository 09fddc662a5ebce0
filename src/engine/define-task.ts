import type { Readable, Writable } from 'node:stream';

// How a task type is written. Built-in types (src/tasks) and operator modules use exactly this.
//
// Handler outcomes form a small closed vocabulary, mapped in one place (attempt-outcome.ts):
// - return a value        → the attempt succeeds; the value (JSON) is the task's result
// - throw anything        → the attempt fails; retried with exponential backoff while attempts are left
// - throw PermanentFailure → the task fails now, no more attempts
// - throw RetryAfter       → the attempt fails; the next one starts after the given delay (e.g. an
//                            upstream's `Retry-After`) instead of the backoff, while attempts are left
// - ctx.signal aborts      → cancel requested or timeout; the handler should stop promptly

export interface TaskLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface ProgressUpdate {
  /** 0–100. */
  percent?: number;
  message?: string;
  current?: number;
  total?: number;
}

/** A stored file as task code sees it. */
export interface TaskFileInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex sha256 of the bytes. */
  sha256: string;
}

export interface OpenedTaskFile extends TaskFileInfo {
  stream: Readable;
}

/**
 * Files for task code (`ctx.files`): the bytes go to the configured file store, streamed.
 * - `create` makes a file of this task: write it through `stream`, end it, and wait for `finish`
 *   (it fires once the file is stored, e.g. `await pipeline(source, stream)`). Return `{ file: id }`
 *   to make the task's result that one file (its `/result` answers 303 to the file's link). The
 *   file appears in the task's `files` when the attempt succeeds; when it does not, the files it
 *   made are removed (after a crash, the sweeper removes them).
 * - `open` reads a file of the task's tenant (an upload, or a file this attempt made).
 */
export interface TaskFiles {
  create(options: { name: string; contentType: string }): { id: string; stream: Writable };
  open(id: string): Promise<OpenedTaskFile>;
}

/** `ctx.files.open` of an id that is not a readable file of the task's tenant. */
export class TaskFileNotFoundError extends Error {
  readonly fileId: string;

  constructor(fileId: string) {
    super(`no file ${fileId} to read`);
    this.name = 'TaskFileNotFoundError';
    this.fileId = fileId;
  }
}

/** A parent of the task (submitted with `dependsOn`), as it is when the attempt starts. */
export interface TaskParentResult {
  readonly taskId: string;
  /** null when the parent is gone (destroyed or purged). */
  readonly type: string | null;
  /** `succeeded` for every parent, unless the task was submitted with `dependencyPolicy: "always"`. */
  readonly status: 'succeeded' | 'failed' | 'canceled' | 'pending' | 'queued' | 'running' | 'gone';
  /** The parent's result (succeeded parents), else undefined. */
  readonly result: unknown;
}

export interface TaskContext {
  readonly taskId: string;
  readonly tenant: string;
  /** 1-based number of this attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborts on cancel, destroy, timeout or shutdown past the grace period. `signal.reason` says which. */
  readonly signal: AbortSignal;
  /** Report progress: a percent or a partial update. Throttled; cheap to call often. */
  progress(update: number | ProgressUpdate): void;
  readonly log: TaskLogger;
  /** Files in and out of the file store, streamed. */
  readonly files: TaskFiles;
  /** The task's parents in `dependsOn` order, with their results; empty without dependsOn. */
  readonly parents: readonly TaskParentResult[];
}

/**
 * What `compensate` receives: the context of the compensation attempt (its own task id, attempt,
 * signal, …) and the member it undoes, as that member succeeded.
 */
export interface CompensateContext extends TaskContext {
  readonly compensating: {
    readonly taskId: string;
    readonly input: unknown;
    readonly result: unknown;
  };
}

export interface CleanupContext {
  readonly taskId: string;
  readonly tenant: string;
  readonly input: unknown;
  /** Why the cleanup runs: it removes what the task produced half-way. */
  readonly reason: 'failed' | 'canceled' | 'destroyed' | 'expired';
  readonly log: TaskLogger;
}

/** A problem with an input that the JSON Schema cannot express: a JSON Pointer relative to `input`. */
export interface InputProblem {
  pointer: string;
  detail: string;
}

/** A JSON Schema (draft 2020-12) object. */
export type JsonSchema = Record<string, unknown>;

export interface TaskDefinition<Input = unknown, Output = unknown> {
  /** Unique name, `[a-z0-9][a-z0-9._-]*`, used as `type` in submissions. */
  type: string;
  description?: string;
  /** JSON Schema for `input`; submissions failing it are refused with 422 and nothing is stored. */
  input: JsonSchema;
  /** Per attempt; the signal aborts and the attempt fails with `timeout`. Default from config. */
  timeoutSeconds?: number;
  /** Default from config. */
  maxAttempts?: number;
  /** At most this many attempts of the type run at once in one runner. Default from config. */
  concurrency?: number;
  /**
   * Top-level input fields whose values are file ids (a string, or an array of strings): a task of
   * the type holds those files from its submission until it finishes, so they neither expire nor
   * can be deleted while it needs them (docs/files.md "File holds").
   */
  files?: readonly string[];
  /**
   * A finished task of this type is kept this long (then purged: 410, its files gone), instead of
   * `retention.finishedSeconds`. Applies when an attempt ends it (succeeded, failed, canceled while
   * running); a task canceled before it started, or failed by the lease rescuer, keeps the default.
   */
  retentionSeconds?: number;
  /** CPU-heavy: runs in the worker-thread pool so the event loop (and the API) stay responsive. */
  cpu?: boolean;
  /** Without a `Prefer` header, hold a submission this long for the result (the type is synchronous by default). */
  syncWaitSeconds?: number;
  /**
   * Checks beyond the schema (run after it passed, at submit): problems refuse the submission with
   * 422 `input-invalid`, nothing is stored. Synchronous and free of I/O.
   */
  check?(input: Input): InputProblem[];
  run(input: Input, ctx: TaskContext): Promise<Output> | Output;
  cleanup?(ctx: CleanupContext): Promise<void> | void;
  /**
   * Undoes a succeeded task of this type whose execution group failed (seed 004 §4: every request
   * type defines its rollback). Runs as a task of its own — leased, fenced, retried like `run` (so
   * at least once: make it idempotent) — in-process also for `cpu` types. Throw to retry it.
   */
  compensate?(ctx: CompensateContext): Promise<void> | void;
}

const TASK_BRAND = Symbol.for('offload.task-definition');

const TYPE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Declares a task type. Export it from a module listed in `taskModules`. */
export function defineTask<Input = unknown, Output = unknown>(
  definition: TaskDefinition<Input, Output>,
): TaskDefinition<Input, Output> {
  if (!TYPE_PATTERN.test(definition.type)) {
    throw new TypeError(`task type "${definition.type}" must match ${TYPE_PATTERN}`);
  }
  if (typeof definition.run !== 'function') throw new TypeError(`task type "${definition.type}" needs run()`);
  return Object.freeze({ ...definition, [TASK_BRAND]: true });
}

export function isTaskDefinition(value: unknown): value is TaskDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TASK_BRAND] === true;
}

/**
 * Throw from `run` to fail this attempt and start the next one after `delaySeconds` (not the
 * backoff): an upstream said when to come back. Without attempts left the task fails.
 */
export class RetryAfter extends Error {
  readonly delaySeconds: number;

  constructor(delaySeconds: number, message?: string, options?: { cause?: unknown }) {
    super(message ?? `retry after ${delaySeconds} s`, options);
    this.name = 'RetryAfter';
    this.delaySeconds = Number.isFinite(delaySeconds) ? Math.max(0, delaySeconds) : 0;
  }
}

/** Throw from `run` to fail the task at once, without further attempts. */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}
