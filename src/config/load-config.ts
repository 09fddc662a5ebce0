import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvModule, { type ErrorObject } from 'ajv';
import { closestName } from './closest-name.ts';
import { isDatabase, isHostOrCidr } from './config-formats.ts';
import { CONFIG_SCHEMA, type ConfigSchemaNode } from './config-schema.ts';
import { crossFieldProblems } from './cross-field-rules.ts';
import { type Config, DEFAULTS } from './defaults.ts';

// ajv is CommonJS; under nodenext its default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;

/** Every problem of a configuration, one line each (`problems`), reported at once. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'ConfigError';
    this.problems = list;
  }
}

type Plain = Record<string, unknown>;

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/**
 * `OFFLOAD_*` variables that are not settings: the config file's path, the CLI client's server and
 * key, and the secret examples/webhook-receiver reads. `OFFLOAD_TEST_*` belong to the test suite,
 * whose child processes inherit them.
 */
const OTHER_VARIABLES = new Set(['OFFLOAD_CONFIG', 'OFFLOAD_URL', 'OFFLOAD_API_KEY', 'OFFLOAD_WEBHOOK_SECRET']);
const OTHER_PREFIX = 'OFFLOAD_TEST_';

/** Where a value came from, for messages: `config file …`, an env var's name, `command line`, `default`. */
export type Sources = Map<string, string>;

/**
 * Defaults ← `offload.config.json` (or `--config`) ← `OFFLOAD_*` environment ← explicit overrides
 * (CLI flags). Validated as a whole against one JSON Schema, then by the cross-field rules; every
 * problem names the field, where its value came from and the rule. Frozen.
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
  const sources: Sources = new Map();
  const problems: string[] = [];

  const explicitFile = options.file ?? (env.OFFLOAD_CONFIG || undefined);
  const file = resolve(cwd, explicitFile ?? 'offload.config.json');
  if (explicitFile !== undefined || existsSync(file)) {
    const label = `config file ${file}`;
    const parsed = readConfigFile(file, label, problems);
    if (parsed !== undefined) mergeLayer(merged, parsed, label, sources);
  }
  mergeLayer(merged, fromEnv(env, problems), (path) => envName(path.split('.')), sources);
  if (options.overrides) mergeLayer(merged, options.overrides, 'command line', sources);

  const schemaProblems = validateSchema(merged, sources);
  problems.push(...schemaProblems.lines);
  problems.push(...crossFieldProblems(merged as unknown as Config, sources, schemaProblems.fields));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(merged as unknown as Config);
}

function readConfigFile(file: string, label: string, problems: string[]): Plain | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${label}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    problems.push(`${label}: not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`${label}: must be a JSON object of settings`);
    return undefined;
  }
  return parsed as Plain;
}

export function envName(path: string[]): string {
  return `OFFLOAD_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}

/** Every leaf of the schema with its dotted path. */
function leaves(node: ConfigSchemaNode, path: string[] = []): [string[], ConfigSchemaNode][] {
  if (!node.properties) return [[path, node]];
  return Object.entries(node.properties).flatMap(([key, child]) => leaves(child, [...path, key]));
}

/** The environment as a partial config, parsed by each field's schema type. */
function fromEnv(env: NodeJS.ProcessEnv, problems: string[]): Plain {
  const byName = new Map(leaves(CONFIG_SCHEMA).map(([path, node]) => [envName(path), { path, node }]));
  const out: Plain = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('OFFLOAD_') || OTHER_VARIABLES.has(name) || name.startsWith(OTHER_PREFIX)) continue;
    const field = byName.get(name);
    if (!field) {
      const near = closestName(name, byName.keys());
      problems.push(
        near
          ? `${name}: unknown setting (did you mean ${near}?)`
          : `${name}: unknown setting; settings are named after their path (limits.bodyBytes → OFFLOAD_LIMITS_BODY_BYTES)`,
      );
      continue;
    }
    if (raw === undefined || raw === '') continue;
    const parsed = parseEnvValue(name, raw, field.node, field.path.join('.'));
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    let target = out;
    for (const key of field.path.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Plain;
    }
    target[field.path.at(-1)!] = parsed.value;
  }
  return out;
}

function parseEnvValue(name: string, raw: string, node: ConfigSchemaNode, path: string): { value: unknown } | { problem: string } {
  const types = ([] as string[]).concat(node.type ?? []);
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(raw);
    return Number.isFinite(n) && raw.trim() !== '' ? { value: n } : { problem: `${name}: must be a number (it sets ${path}), got "${raw}"` };
  }
  if (types.includes('boolean')) {
    if (!/^(true|false|1|0)$/i.test(raw)) return { problem: `${name}: must be true or false (it sets ${path}), got "${raw}"` };
    return { value: /^(true|1)$/i.test(raw) };
  }
  if (types.includes('object')) {
    // A map (`databases`) from the environment: a JSON object.
    try {
      return { value: JSON.parse(raw) };
    } catch {
      return { problem: `${name}: must be a JSON object (it sets ${path}), got "${raw}"` };
    }
  }
  if (types.includes('array')) {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (node.items?.type !== 'number') return { value: items };
    const numbers = items.map(Number);
    if (numbers.some((n) => !Number.isFinite(n))) {
      return { problem: `${name}: must be a comma-separated list of numbers (it sets ${path}), got "${raw}"` };
    }
    return { value: numbers };
  }
  return { value: raw };
}

/**
 * Copies `source` over `target`. Objects the defaults have are merged key by key; anything else
 * (an unknown key, a value of the wrong type) is copied as given for the schema to judge, and every
 * copied path remembers its source.
 */
function mergeLayer(target: Plain, source: unknown, label: string | ((path: string) => string), sources: Sources, path = ''): void {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
  for (const [key, value] of Object.entries(source as Plain)) {
    if (value === undefined) continue;
    const field = path ? `${path}.${key}` : key;
    const current = target[key];
    if (isPlain(current) && isPlain(value)) {
      mergeLayer(current, value, label, sources, field);
    } else {
      target[key] = value;
      sources.set(field, typeof label === 'string' ? label : label(field));
    }
  }
}

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sourceOf(sources: Sources, field: string): string {
  for (let f = field; f; f = f.slice(0, Math.max(0, f.lastIndexOf('.')))) {
    const source = sources.get(f);
    if (source) return source;
  }
  return 'default';
}

/** Problems by field, one line per field; `fields` lets the cross-field rules skip fields already wrong. */
function validateSchema(config: Plain, sources: Sources): { lines: string[]; fields: Set<string> } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('database', isDatabase);
  ajv.addFormat('host-or-cidr', isHostOrCidr);
  const validate = ajv.compile(CONFIG_SCHEMA);
  const lines: string[] = [];
  const fields = new Set<string>();
  if (validate(config)) return { lines, fields };
  const allPaths = leaves(CONFIG_SCHEMA).map(([p]) => p.join('.'));
  for (const error of validate.errors ?? []) {
    const described = describeError(error, config, allPaths);
    if (fields.has(described.field)) continue;
    fields.add(described.field);
    const source = sourceOf(sources, described.field);
    lines.push(described.unknown ? `${source}: ${described.text}` : `${described.text} (${source})`);
  }
  return { lines, fields };
}

function describeError(error: ErrorObject, config: Plain, allPaths: string[]): { field: string; text: string; unknown: boolean } {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties') {
    const field = [...segments, String(error.params.additionalProperty)].join('.');
    const near = closestName(field, allPaths);
    return { field, text: `unknown field "${field}"${near ? ` (did you mean "${near}"?)` : ''}`, unknown: true };
  }
  // Walk down to the field's own schema: errors inside an array name the item, the rule the field.
  let node = CONFIG_SCHEMA;
  let value: unknown = config;
  const fieldPath: string[] = [];
  for (const segment of segments) {
    // Into a named field, or into an entry of a map (`databases.shop`), whose schema is additionalProperties.
    const child = node.properties?.[segment] ?? (isPlain(node.additionalProperties) ? (node.additionalProperties as ConfigSchemaNode) : undefined);
    if (!child) break;
    node = child;
    value = (value as Plain)[segment];
    fieldPath.push(segment);
  }
  const field = fieldPath.join('.') || 'config';
  if (error.keyword === 'required' && fieldPath.length === segments.length) {
    return { field: `${field}.${String(error.params.missingProperty)}`, text: `${field}.${String(error.params.missingProperty)} is required`, unknown: false };
  }
  const rule = node.properties ? 'an object' : (node.rule ?? error.message ?? 'valid');
  return { field, text: `${field} must be ${rule}, got ${JSON.stringify(value)}`, unknown: false };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
