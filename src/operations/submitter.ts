import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type Config, DEFAULTS } from '../config/defaults.ts';
import { fingerprint } from '../domain/fingerprint.ts';
import { newId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { DependencyPolicy, Metadata, NewTask, TaskRow } from '../domain/task.ts';
import { type Store, StoreConflictError } from '../store/store.ts';
import { checkUrl, type OutboundPolicy } from '../webhooks/outbound-policy.ts';
import { fieldErrorOf, NO_NUL_PATTERN } from '../domain/schema-errors.ts';
import { graphBodySchema, linkSubmission, linksOf, type SubmissionLinks } from './task-graph-links.ts';
import type { TaskTypes } from './task-types.ts';

// The submission rules, shared by every command that creates tasks (submit, submit with a reserved
// id, bulk, batch): `prepare` validates a submission body and turns it into the row to store — it is
// synchronous and touches no store, so bulk can validate thousands of items without awaiting —
// and `insert` stores it through the Store or transaction view it is given, resolving customId
// replays and conflicts.

// ajv and ajv-formats are CommonJS; under nodenext their default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface SubmitBody {
  type: string;
  input: unknown;
  customId?: string;
  priority?: number;
  runAt?: string;
  delaySeconds?: number;
  timeoutSeconds?: number;
  maxAttempts?: number;
  callbackUrl?: string;
  metadata?: Metadata;
  dependsOn?: string[];
  dependencyPolicy?: DependencyPolicy;
  group?: { id?: string; atomic: true };
}

export interface PreparedTask {
  task: NewTask;
  /** Parents and execution group, linked in the insert's transaction; null for a plain task. */
  links: SubmissionLinks | null;
}

export interface InsertOutcome {
  task: TaskRow;
  /** false: an existing task with the same customId and body (a replay, answered 200). */
  created: boolean;
}

export const MAX_DELAY_SECONDS = 365 * 86_400;

export function metadataSchema(maxKeys: number) {
  return {
    type: 'object',
    description: `Flat object of at most ${maxKeys} string, number or boolean values; filter lists with \`metadata.<key>=<value>\`.`,
    maxProperties: maxKeys,
    propertyNames: { minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN },
    additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 1024, pattern: NO_NUL_PATTERN },
  } as const;
}

export function callbackUrlSchema() {
  return { type: 'string', format: 'uri', maxLength: 2048, pattern: NO_NUL_PATTERN, description: 'Absolute http(s) URL notified of state changes.' } as const;
}

/** The submission body's schema; validation pointers point into this body (e.g. `/input/seconds`). */
export function submitBodySchema(config: Readonly<Config>) {
  return {
    type: 'object',
    required: ['type', 'input'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', minLength: 1, maxLength: 64, description: 'A registered task type (`GET /v1/task-types`).' },
      input: { description: 'Validated against the task type’s JSON Schema.' },
      customId: { type: 'string', minLength: 1, maxLength: 255, pattern: NO_NUL_PATTERN, description: 'Unique per tenant among tasks not yet purged.' },
      priority: { type: 'integer', minimum: -1000, maximum: 1000, default: 0, description: 'Higher runs first.' },
      runAt: { type: 'string', format: 'date-time', description: 'RFC 3339; not together with `delaySeconds`.' },
      delaySeconds: { type: 'number', minimum: 0, maximum: MAX_DELAY_SECONDS, description: 'Not together with `runAt`.' },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 86_400, description: 'Per attempt; defaults to the type’s.' },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 100, description: 'Defaults to the type’s.' },
      callbackUrl: callbackUrlSchema(),
      metadata: metadataSchema(config.limits.metadataKeys),
      ...graphBodySchema(config),
    },
  } as const;
}

export interface SubmitterDeps {
  taskTypes: TaskTypes;
  config: Readonly<Config>;
}

export function createSubmitter(deps: SubmitterDeps) {
  const { taskTypes, config } = deps;
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, coerceTypes: false, useDefaults: false, strict: false });
  addFormats(ajv);
  const validateBody = ajv.compile(submitBodySchema(config));

  /** Throws a ProblemError with the status the submission would get on its own. */
  function prepare(tenant: string, body: unknown, now: number, options: { id?: string } = {}): PreparedTask {
    if (!validateBody(body)) {
      const errors = (validateBody.errors ?? []).map(fieldErrorOf);
      throw new ProblemError('validation-failed', errors.map((e) => `${e.pointer || '/'} ${e.detail}`).join('; '), {
        extensions: { errors },
      });
    }
    const b = body as SubmitBody;
    const type = taskTypes.get(b.type);
    if (!type) throw new ProblemError('unknown-task-type', `No task type "${b.type}" is registered.`);
    const inputJson = JSON.stringify(b.input);
    if (Buffer.byteLength(inputJson) > config.limits.inputBytes) {
      throw new ProblemError('payload-too-large', `input exceeds ${config.limits.inputBytes} bytes.`);
    }
    const check = taskTypes.validateInput(b.type, b.input);
    if (!check.ok) {
      const errors = check.errors.map((e) => ({ pointer: `/input${e.pointer}`, detail: e.detail }));
      throw new ProblemError('input-invalid', errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), {
        extensions: { errors },
      });
    }
    if (b.runAt !== undefined && b.delaySeconds !== undefined) {
      throw fieldProblem('/delaySeconds', 'cannot be combined with runAt');
    }
    if (b.callbackUrl !== undefined) assertHttpUrl(b.callbackUrl, '/callbackUrl', config.webhooks);
    // A runAt in the past means "now": it must not jump the queue ahead of older tasks.
    const requested = b.runAt !== undefined ? Date.parse(b.runAt) : now + Math.round((b.delaySeconds ?? 0) * 1000);
    const runAt = Math.max(now, requested);
    const links = linksOf(b);
    return {
      links,
      task: {
        id: options.id ?? newId('tsk'),
        tenant,
        type: b.type,
        // A child is stored pending; linking it to its parents decides when it runs.
        status: runAt > now || links?.dependsOn ? 'pending' : 'queued',
        customId: b.customId ?? null,
        priority: b.priority ?? 0,
        inputJson,
        metadata: b.metadata ?? null,
        fingerprint: fingerprint(body),
        runAt,
        timeoutSeconds: b.timeoutSeconds ?? type.timeoutSeconds,
        maxAttempts: b.maxAttempts ?? type.maxAttempts,
        callbackUrl: b.callbackUrl ?? null,
        createdAt: now,
        expiresAt: now + config.retention.unstartedSeconds * 1000,
        ...heldFiles(type.fileFields, b.input),
      },
    };
  }

  /**
   * Inserts, resolving customId replays and conflicts (also when another request wins the race). A
   * task with links is inserted and linked in one transaction (the caller's, or its own).
   */
  async function insert(store: Store, prepared: PreparedTask): Promise<InsertOutcome> {
    const { links } = prepared;
    if (links) return store.withTransaction((tx) => insertRow(tx, prepared, (row) => linkSubmission(tx, row, links, config)));
    return insertRow(store, prepared, async (row) => row);
  }

  async function insertRow(store: Store, prepared: PreparedTask, link: (row: TaskRow) => Promise<TaskRow>): Promise<InsertOutcome> {
    const { task } = prepared;
    if (task.customId !== null) {
      const existing = await store.taskGetByCustomId({ tenant: task.tenant, customId: task.customId });
      if (existing) return replayOrConflict(existing, task);
    }
    try {
      return { task: await link((await store.taskInsert({ task })).task), created: true };
    } catch (err) {
      if (!(err instanceof StoreConflictError) || err.kind !== 'custom-id' || task.customId === null) throw err;
      const existing = await store.taskGetByCustomId({ tenant: task.tenant, customId: task.customId });
      if (!existing) throw err;
      return replayOrConflict(existing, task);
    }
  }

  /** Links a task inserted without them (bulk's one-statement insert) inside `tx`. */
  const link = (tx: Store, prepared: PreparedTask, row: TaskRow) => (prepared.links ? linkSubmission(tx, row, prepared.links, config) : Promise.resolve(row));

  return { prepare, insert, link, validateBody };
}

export type Submitter = ReturnType<typeof createSubmitter>;

export function replayOrConflict(existing: TaskRow, task: NewTask): InsertOutcome {
  if (existing.fingerprint === task.fingerprint) return { task: existing, created: false };
  throw new ProblemError('custom-id-conflict', `customId "${task.customId}" is used by task ${existing.id}.`, {
    extensions: { taskId: existing.id },
  });
}

/** The file ids in the type's file fields of an input (already valid against its schema). */
function heldFiles(fields: readonly string[] | undefined, input: unknown): { heldFiles?: string[] } {
  if (!fields?.length || input === null || typeof input !== 'object') return {};
  const ids = fields.flatMap((field) => [(input as Record<string, unknown>)[field]].flat()).filter((v): v is string => typeof v === 'string');
  return ids.length ? { heldFiles: [...new Set(ids)] } : {};
}

export function fieldProblem(pointer: string, detail: string): ProblemError {
  return new ProblemError('validation-failed', `${pointer} ${detail}`, { extensions: { errors: [{ pointer, detail }] } });
}

/**
 * A callbackUrl must be absolute (else validation-failed) and pass the outbound policy as far as
 * it is knowable without DNS — https unless allowed, no credentials, no non-public literal address
 * unless allow-listed (else 422 webhook-url-refused). Host names are checked at every delivery.
 * Without `policy` the default configuration's (the strictest) applies.
 */
export function assertHttpUrl(value: string, pointer: string, policy: OutboundPolicy = DEFAULTS.webhooks): void {
  if (!URL.canParse(value)) throw fieldProblem(pointer, 'must be an absolute URL');
  const verdict = checkUrl(value, { allow: policy.allow, allowHttp: policy.allowHttp });
  if (!verdict.ok) {
    throw new ProblemError('webhook-url-refused', `${pointer}: the URL is refused: ${verdict.reason}.`, {
      extensions: { errors: [{ pointer, detail: verdict.reason }] },
    });
  }
}
