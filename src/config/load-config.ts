import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, DEFAULTS } from './defaults.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Plain = Record<string, unknown>;

/**
 * Defaults ← `offload.config.json` (or `--config`) ← `OFFLOAD_*` environment ← explicit overrides
 * (CLI flags). Validated field by field (messages name the field and the rule), then frozen.
 */
export function loadConfig(options: {
  env?: NodeJS.ProcessEnv;
  file?: string;
  cwd?: string;
  overrides?: DeepPartial<Config>;
} = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const merged = structuredClone(DEFAULTS) as unknown as Plain;

  const file = options.file ?? env.OFFLOAD_CONFIG ?? resolve(cwd, 'offload.config.json');
  if (options.file || env.OFFLOAD_CONFIG || existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`config file ${file}: ${(err as Error).message}`);
    }
    mergeChecked(merged, parsed, DEFAULTS as unknown as Plain, file);
  }
  mergeChecked(merged, fromEnv(env, DEFAULTS as unknown as Plain, []), DEFAULTS as unknown as Plain, 'environment');
  if (options.overrides) mergeChecked(merged, options.overrides, DEFAULTS as unknown as Plain, 'flags');
  const config = merged as unknown as Config;
  validate(config);
  return deepFreeze(config);
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

function envName(path: string[]): string {
  return `OFFLOAD_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}

function fromEnv(env: NodeJS.ProcessEnv, shape: Plain, path: string[]): Plain {
  const out: Plain = {};
  for (const [key, def] of Object.entries(shape)) {
    const p = [...path, key];
    if (def !== null && typeof def === 'object' && !Array.isArray(def)) {
      const nested = fromEnv(env, def as Plain, p);
      if (Object.keys(nested).length > 0) out[key] = nested;
      continue;
    }
    const raw = env[envName(p)];
    if (raw === undefined || raw === '') continue;
    if (typeof def === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new ConfigError(`${envName(p)}: must be a number, got "${raw}"`);
      out[key] = n;
    } else if (typeof def === 'boolean') {
      if (!/^(true|false|1|0)$/i.test(raw)) throw new ConfigError(`${envName(p)}: must be true or false, got "${raw}"`);
      out[key] = /^(true|1)$/i.test(raw);
    } else if (Array.isArray(def)) {
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (typeof def[0] === 'number') {
        const numbers = items.map(Number);
        if (numbers.some((n) => !Number.isFinite(n))) throw new ConfigError(`${envName(p)}: must be a comma-separated list of numbers`);
        out[key] = numbers;
      } else {
        out[key] = items;
      }
    } else {
      out[key] = raw;
    }
  }
  return out;
}

function mergeChecked(target: Plain, source: unknown, shape: Plain, origin: string, path = ''): void {
  if (source === undefined) return;
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw new ConfigError(`${origin}: ${path || 'config'} must be an object`);
  }
  for (const [key, value] of Object.entries(source as Plain)) {
    if (value === undefined) continue;
    const field = path ? `${path}.${key}` : key;
    if (!(key in shape)) throw new ConfigError(`${origin}: unknown field "${field}"`);
    const def = shape[key];
    if (def !== null && typeof def === 'object' && !Array.isArray(def)) {
      mergeChecked(target[key] as Plain, value, def as Plain, origin, field);
    } else if (Array.isArray(def)) {
      const itemType = typeof def[0] === 'number' ? 'number' : 'string';
      if (!Array.isArray(value) || value.some((v) => typeof v !== itemType)) {
        throw new ConfigError(`${origin}: ${field} must be an array of ${itemType}s`);
      }
      target[key] = value;
    } else {
      if (typeof value !== typeof def) throw new ConfigError(`${origin}: ${field} must be a ${typeof def}`);
      target[key] = value;
    }
  }
}

function validate(c: Config): void {
  const positiveInts: [string, number][] = [
    ['worker.concurrency', c.worker.concurrency],
    ['worker.typeConcurrency', c.worker.typeConcurrency],
    ['worker.cpuThreads', c.worker.cpuThreads],
    ['worker.leaseSeconds', c.worker.leaseSeconds],
    ['worker.pollIntervalMs', c.worker.pollIntervalMs],
    ['tasks.timeoutSeconds', c.tasks.timeoutSeconds],
    ['tasks.maxAttempts', c.tasks.maxAttempts],
    ['limits.bodyBytes', c.limits.bodyBytes],
    ['limits.inputBytes', c.limits.inputBytes],
    ['limits.resultBytes', c.limits.resultBytes],
    ['limits.bulkMaxTasks', c.limits.bulkMaxTasks],
    ['limits.pageSizeDefault', c.limits.pageSizeDefault],
    ['limits.pageSizeMax', c.limits.pageSizeMax],
    ['limits.jsonDepth', c.limits.jsonDepth],
    ['retention.finishedSeconds', c.retention.finishedSeconds],
    ['retention.unstartedSeconds', c.retention.unstartedSeconds],
    ['retention.idempotencySeconds', c.retention.idempotencySeconds],
    ['retention.reservationSeconds', c.retention.reservationSeconds],
    ['retryAfter.minSeconds', c.retryAfter.minSeconds],
    ['retryAfter.maxSeconds', c.retryAfter.maxSeconds],
    ['retryAfter.defaultSeconds', c.retryAfter.defaultSeconds],
    ['maintenance.rescueIntervalMs', c.maintenance.rescueIntervalMs],
    ['maintenance.retentionIntervalMs', c.maintenance.retentionIntervalMs],
    ['postgres.poolSize', c.postgres.poolSize],
  ];
  for (const [field, value] of positiveInts) {
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${field} must be a positive integer, got ${value}`);
  }
  const nonNegative: [string, number][] = [
    ['limits.waitMaxSeconds', c.limits.waitMaxSeconds],
    ['worker.shutdownGraceSeconds', c.worker.shutdownGraceSeconds],
    ['tasks.retryBaseSeconds', c.tasks.retryBaseSeconds],
    ['tasks.retryMaxSeconds', c.tasks.retryMaxSeconds],
    ['rateLimit.submitPerSecond', c.rateLimit.submitPerSecond],
  ];
  for (const [field, value] of nonNegative) {
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${field} must be ≥ 0, got ${value}`);
  }
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) {
    throw new ConfigError(`port must be an integer from 0 (any free port) to 65535, got ${c.port}`);
  }
  if (c.retryAfter.minSeconds > c.retryAfter.maxSeconds) {
    throw new ConfigError('retryAfter.minSeconds must be ≤ retryAfter.maxSeconds');
  }
  if (c.limits.pageSizeDefault > c.limits.pageSizeMax) {
    throw new ConfigError('limits.pageSizeDefault must be ≤ limits.pageSizeMax');
  }
  if (!['NORMAL', 'FULL'].includes(c.sqlite.synchronous)) {
    throw new ConfigError(`sqlite.synchronous must be NORMAL or FULL, got ${c.sqlite.synchronous}`);
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(c.logLevel)) {
    throw new ConfigError(`logLevel must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  if (c.database.trim() === '') throw new ConfigError('database must not be empty');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
