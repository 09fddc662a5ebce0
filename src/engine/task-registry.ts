import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Config, HttpTaskTypeConfig } from '../config/defaults.ts';
import { fieldErrorOf } from '../domain/schema-errors.ts';
import { isTaskDefinition, type JsonSchema, PermanentFailure, type TaskDefinition } from './define-task.ts';

// The registry knows every task type this process can accept or run: its definition, its
// resolved defaults and, for operator modules, the module URL a CPU thread imports to find it.

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface RegisteredTask {
  type: string;
  definition: TaskDefinition;
  /** Module that exports the definition; null for definitions passed in directly. */
  moduleUrl: string | null;
  timeoutSeconds: number;
  maxAttempts: number;
  concurrency: number;
  cpu: boolean;
  /** 0 unless the type opts into synchronous answers by default. */
  syncWaitSeconds: number;
  /** Served only by HTTP workers (declared in `httpTaskTypes`): no in-process runner claims it. */
  remote: boolean;
}

export interface TaskTypeDescription {
  type: string;
  description: string | null;
  inputSchema: JsonSchema;
  timeoutSeconds: number;
  maxAttempts: number;
  concurrency: number;
  cpu: boolean;
  syncWaitSeconds: number;
}

export interface InputFieldError {
  /** JSON Pointer relative to `input`, e.g. `/seconds`; '' for the input itself. */
  pointer: string;
  detail: string;
}

export type InputValidation = { ok: true } | { ok: false; errors: InputFieldError[] };

export interface TaskModule {
  url: string;
  definitions: TaskDefinition[];
}

export interface TaskRegistry {
  get(type: string): RegisteredTask | undefined;
  /** Every type submissions may name. */
  types(): string[];
  /** The types with code in this process: what an in-process runner claims. */
  localTypes(): string[];
  validateInput(type: string, input: unknown): InputValidation;
  describe(): TaskTypeDescription[];
}

export class TaskRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskRegistryError';
  }
}

export function createTaskRegistry(options: {
  definitions?: TaskDefinition[];
  modules?: TaskModule[];
  /** Types served only by HTTP workers (config `httpTaskTypes`). */
  httpTaskTypes?: readonly HttpTaskTypeConfig[];
  config: Pick<Config, 'tasks' | 'worker'>;
}): TaskRegistry {
  const { config } = options;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const tasks = new Map<string, RegisteredTask>();
  const validators = new Map<string, ValidateFunction>();

  const add = (definition: TaskDefinition, moduleUrl: string | null, remote = false) => {
    const existing = tasks.get(definition.type);
    if (existing) {
      const where = (url: string | null) => url ?? (remote || existing.remote ? 'httpTaskTypes or built-in definitions' : 'built-in definitions');
      throw new TaskRegistryError(
        `task type "${definition.type}" is defined twice: in ${where(existing.moduleUrl)} and in ${where(moduleUrl)}`,
      );
    }
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(definition.input);
    } catch (err) {
      throw new TaskRegistryError(`task type "${definition.type}": invalid input schema: ${(err as Error).message}`);
    }
    for (const field of ['timeoutSeconds', 'maxAttempts', 'concurrency', 'retentionSeconds'] as const) {
      const value = definition[field];
      // Whole numbers: they are stored as integers (a fractional timeout would fail every submit on PostgreSQL).
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new TaskRegistryError(`task type "${definition.type}": ${field} must be a whole number ≥ 1, got ${value}`);
      }
    }
    validators.set(definition.type, validate);
    tasks.set(definition.type, {
      type: definition.type,
      definition,
      moduleUrl,
      timeoutSeconds: positive(definition.timeoutSeconds, config.tasks.timeoutSeconds),
      maxAttempts: positive(definition.maxAttempts, config.tasks.maxAttempts),
      concurrency: positive(definition.concurrency, config.worker.typeConcurrency),
      cpu: definition.cpu === true,
      syncWaitSeconds: definition.syncWaitSeconds ?? 0,
      remote,
    });
  };

  for (const definition of options.definitions ?? []) add(definition, null);
  for (const module of options.modules ?? []) {
    for (const definition of module.definitions) add(definition, module.url);
  }
  for (const declared of options.httpTaskTypes ?? []) add(remoteDefinition(declared), null, true);
  const cpuWithoutModule = [...tasks.values()].find((t) => t.cpu && t.moduleUrl === null);
  if (cpuWithoutModule) {
    // A worker thread cannot receive a function; it must import the definition by URL.
    throw new TaskRegistryError(`task type "${cpuWithoutModule.type}" is cpu: true but was not loaded from a module`);
  }

  return {
    get: (type) => tasks.get(type),
    types: () => [...tasks.keys()],
    localTypes: () => [...tasks.values()].filter((t) => !t.remote).map((t) => t.type),
    validateInput(type, input) {
      const validate = validators.get(type);
      if (!validate) return { ok: false, errors: [{ pointer: '', detail: `unknown task type "${type}"` }] };
      // An `if` error only says a `then` failed; the `then` errors themselves say what.
      if (!validate(input)) return { ok: false, errors: (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(fieldErrorOf) };
      const problems = tasks.get(type)?.definition.check?.(input) ?? [];
      return problems.length === 0 ? { ok: true } : { ok: false, errors: problems };
    },
    describe() {
      return [...tasks.values()].map((t) => ({
        type: t.type,
        description: t.definition.description ?? null,
        inputSchema: t.definition.input,
        timeoutSeconds: t.timeoutSeconds,
        maxAttempts: t.maxAttempts,
        concurrency: t.concurrency,
        cpu: t.cpu,
        syncWaitSeconds: t.syncWaitSeconds,
      }));
    },
  };
}

/**
 * Imports each specifier (a path relative to `cwd`, a file URL or a package name) and collects
 * every exported task definition. A module exporting none is an operator mistake: refuse it.
 */
export async function loadTaskModules(specifiers: string[], cwd: string): Promise<TaskModule[]> {
  const modules: TaskModule[] = [];
  for (const specifier of specifiers) {
    const url = toImportUrl(specifier, cwd);
    let exported: Record<string, unknown>;
    try {
      exported = await import(url);
    } catch (err) {
      throw new TaskRegistryError(`cannot load task module "${specifier}": ${(err as Error).message}`);
    }
    // `export default [a, b]` is accepted too, for modules that build their list.
    const values = Object.values(exported).flatMap((v) => (Array.isArray(v) ? v : [v]));
    const definitions = [...new Set(values.filter(isTaskDefinition))];
    if (definitions.length === 0) throw new TaskRegistryError(`task module "${specifier}" exports no defineTask() value`);
    modules.push({ url: import.meta.resolve(url), definitions });
  }
  return modules;
}

function toImportUrl(specifier: string, cwd: string): string {
  if (specifier.startsWith('file:')) return specifier;
  const looksLikePath = specifier.startsWith('.') || isAbsolute(specifier);
  return looksLikePath ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
}

/**
 * A declared HTTP-only type as a definition: its schema and limits. Its run() is never called by a
 * runner here (localTypes() leaves it out); should an attempt reach one, it fails permanently.
 */
function remoteDefinition(declared: HttpTaskTypeConfig): TaskDefinition {
  return Object.freeze({
    type: declared.type,
    description: declared.description,
    input: declared.input,
    timeoutSeconds: declared.timeoutSeconds,
    maxAttempts: declared.maxAttempts,
    concurrency: declared.concurrency,
    run() {
      throw new PermanentFailure(`task type "${declared.type}" is served by HTTP workers only`);
    },
  });
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
