// The JSON Schema of the configuration, field for field beside DEFAULTS (a test keeps the two in
// step). Each leaf carries `rule`: the human wording of its constraints, used in error messages so
// an operator reads "must be an integer from 0 to 300", not ajv's keyword names.
// Two formats are checked in code (config-formats.ts): `database` and `host-or-cidr`.

export interface ConfigSchemaNode {
  type?: string | string[];
  rule?: string;
  properties?: Record<string, ConfigSchemaNode>;
  required?: string[];
  /** false, or the schema of every entry of a map (`databases`). */
  additionalProperties?: boolean | ConfigSchemaNode;
  items?: ConfigSchemaNode;
  [keyword: string]: unknown;
}

function int(minimum: number, maximum: number, rule?: string): ConfigSchemaNode {
  return {
    type: 'integer',
    minimum,
    maximum,
    rule: rule ?? (minimum === 1 ? `a positive integer, at most ${maximum}` : `an integer from ${minimum} to ${maximum}`),
  };
}

function num(minimum: number, maximum: number): ConfigSchemaNode {
  return { type: 'number', minimum, maximum, rule: `a number from ${minimum} to ${maximum}` };
}

function object(properties: Record<string, ConfigSchemaNode>): ConfigSchemaNode {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const DAY = 86_400;
const TEN_YEARS = 3650 * DAY;
const GIB = 1_073_741_824;
const PORT_RULE = 'an integer from 0 (any free port) to 65535';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const CONFIG_SCHEMA: ConfigSchemaNode = object({
  database: {
    type: 'string',
    minLength: 1,
    format: 'database',
    rule: 'a SQLite file path or a postgres:// or postgresql:// URL',
  },
  host: {
    type: 'string',
    minLength: 1,
    maxLength: 253,
    pattern: '^[A-Za-z0-9._:%\\[\\]-]+$',
    rule: 'a host name or IP address to listen on',
  },
  port: int(0, 65535, PORT_RULE),
  logLevel: { type: 'string', enum: [...LOG_LEVELS], rule: `one of ${LOG_LEVELS.join(', ')}` },
  databases: {
    type: 'object',
    propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
    additionalProperties: {
      type: 'string',
      minLength: 1,
      format: 'database',
      rule: 'a SQLite file path or a postgres:// or postgresql:// URL',
    },
    rule: 'an object of database names (a letter, then letters, digits, _ or -) to a SQLite file path or a postgres:// URL',
  },
  taskModules: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    rule: 'a list of module paths or package names',
  },
  httpTaskTypes: {
    type: 'array',
    items: {
      type: 'object',
      required: ['type', 'input'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
        description: { type: 'string', maxLength: 1000 },
        input: { type: 'object' },
        timeoutSeconds: { type: 'integer', minimum: 1, maximum: 30 * DAY },
        maxAttempts: { type: 'integer', minimum: 1, maximum: 1000 },
        concurrency: { type: 'integer', minimum: 1, maximum: 10_000 },
      },
    },
    rule: 'a list of { type, input (a JSON Schema), description?, timeoutSeconds?, maxAttempts?, concurrency? } (type: lower-case letters, digits, . _ -)',
  },
  worker: object({
    concurrency: int(1, 10_000),
    typeConcurrency: int(1, 10_000),
    prefetch: int(0, 10_000, 'an integer from 0 (claim for free slots only) to 10000'),
    cpuThreads: int(1, 1024),
    leaseSeconds: int(1, DAY),
    pollIntervalMs: int(1, 60_000),
    shutdownGraceSeconds: num(0, 3600),
    metricsPort: { type: ['integer', 'null'], minimum: 0, maximum: 65535, rule: `${PORT_RULE}, or null (none)` },
    tenantConcurrency: int(0, 1_000_000, 'an integer from 0 (no limit) to 1000000'),
    tenantConcurrencyOverrides: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tenant', 'concurrency'],
        additionalProperties: false,
        properties: {
          tenant: { type: 'string', minLength: 1, maxLength: 64 },
          concurrency: { type: 'integer', minimum: 0, maximum: 1_000_000 },
        },
      },
      rule: 'a list of { tenant, concurrency } (concurrency: an integer from 0, no limit, to 1000000)',
    },
    heartbeatSeconds: int(1, 3600),
    types: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
      rule: 'a list of task type names (empty: every registered type)',
    },
  }),
  tasks: object({
    timeoutSeconds: int(1, 30 * DAY),
    maxAttempts: int(1, 1000),
    retryBaseSeconds: num(0, DAY),
    retryMaxSeconds: num(0, 30 * DAY),
  }),
  limits: object({
    bodyBytes: int(1, GIB),
    inputBytes: int(1, GIB),
    resultBytes: int(1, GIB),
    bulkMaxTasks: int(1, 100_000),
    // A request held longer than this outlives the idle timeouts of common proxies and load
    // balancers, and keeps a connection and an idempotency lock the whole time.
    waitMaxSeconds: int(0, 300),
    pageSizeDefault: int(1, 10_000),
    pageSizeMax: int(1, 10_000),
    metadataKeys: int(1, 1000),
    positionExactMax: int(1, 1_000_000),
    // Deeper JSON is refused before anything recursive walks it.
    jsonDepth: int(1, 10_000),
    uploadBytes: { type: 'integer', minimum: 1, maximum: 1024 * GIB, rule: 'a positive integer, at most 1 TiB' },
    batchMaxRequests: int(1, 10_000),
    batchConcurrency: int(1, 1000),
    batchBodyBytes: int(1, GIB),
    batchMaxDepth: int(1, 10_000),
    dependsOnMax: int(1, 10_000),
    taskGraphMaxDepth: int(1, 1_000_000),
  }),
  retention: object({
    finishedSeconds: int(1, TEN_YEARS),
    unstartedSeconds: int(1, TEN_YEARS),
    idempotencySeconds: int(1, TEN_YEARS),
    reservationSeconds: int(1, TEN_YEARS),
    batchSeconds: int(1, TEN_YEARS),
  }),
  retryAfter: object({
    minSeconds: int(1, DAY),
    maxSeconds: int(1, DAY),
    defaultSeconds: int(1, DAY),
  }),
  rateLimit: object({ submitPerSecond: num(0, 1_000_000) }),
  maintenance: object({
    rescueIntervalMs: int(1, 3_600_000),
    retentionIntervalMs: int(1, DAY * 1000),
    scheduleIntervalMs: int(10, 60_000),
    groupIntervalMs: int(1, 3_600_000),
  }),
  httpTask: object({
    allow: {
      type: 'array',
      items: { type: 'string', format: 'host-or-cidr' },
      rule: 'a list of host names, IP addresses or CIDRs (api.lan, 10.1.2.3, 127.0.0.0/8, fd00::/8)',
    },
    allowHttp: { type: 'boolean', rule: 'true or false' },
    timeoutMs: int(1, 3_600_000),
    maxResponseBytes: int(1, GIB),
    maxRetryAfterSeconds: int(0, 30 * DAY),
  }),
  batches: object({
    leaseSeconds: int(1, DAY),
    pollIntervalMs: int(1, 3_600_000),
  }),
  sqlite: object({ synchronous: { type: 'string', enum: ['NORMAL', 'FULL'], rule: 'NORMAL or FULL' } }),
  postgres: object({ poolSize: int(1, 1000) }),
  http: object({
    requestTimeoutSeconds: int(1, 3600),
    headersTimeoutSeconds: int(1, 3600),
    keepAliveTimeoutSeconds: int(1, 3600),
    maxConnections: int(1, 1_000_000),
  }),
  files: object({
    driver: { type: 'string', enum: ['database', 'directory', 's3'], rule: 'database, directory or s3' },
    chunkBytes: int(1024, 64 * 1024 * 1024),
    directory: { type: 'string', minLength: 1, rule: 'a directory path' },
    s3: object({
      bucket: { type: 'string', maxLength: 63, rule: 'an S3 bucket name (empty unless files.driver is s3)' },
      region: { type: 'string', minLength: 1, rule: 'an AWS region name' },
      endpoint: { type: 'string', pattern: '^(https?://.+)?$', rule: 'an http(s):// URL, or empty for AWS' },
      forcePathStyle: { type: 'boolean', rule: 'true or false' },
      prefix: { type: 'string', maxLength: 512, rule: 'a key prefix such as offload/ (may be empty)' },
      accessKeyId: { type: 'string', rule: 'an access key id, or empty for the default credential chain' },
      secretAccessKey: { type: 'string', rule: 'a secret access key, or empty for the default credential chain' },
    }),
    uploadRetentionSeconds: int(1, TEN_YEARS),
    linkSeconds: int(60, 30 * DAY),
    signingSecrets: {
      type: 'array',
      items: { type: 'string', minLength: 32 },
      rule: 'a list of secrets of at least 32 characters (the first signs)',
    },
    orphanGraceSeconds: int(1, 30 * DAY),
    sweepIntervalMs: int(1, DAY * 1000),
  }),
  exports: object({
    retentionSeconds: int(1, TEN_YEARS),
    batchRows: int(1, 100_000),
    sources: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' },
      additionalProperties: {
        type: 'object',
        required: ['database', 'query'],
        additionalProperties: false,
        properties: {
          database: { type: 'string', minLength: 1, rule: 'a name of databases' },
          query: { type: 'string', minLength: 1, maxLength: 100_000, rule: 'one SELECT statement with :name parameters' },
          params: {
            type: 'object',
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
            additionalProperties: { type: 'object' },
            rule: 'an object of parameter names (letters, digits, _) to a JSON Schema each',
          },
          countQuery: { type: 'string', minLength: 1, maxLength: 100_000, rule: 'one SELECT statement giving the row count' },
          description: { type: 'string', maxLength: 1000, rule: 'a text of at most 1000 characters' },
        },
      },
      rule: 'an object of source names (a letter, then letters, digits, _ . -) to { database, query, params?, countQuery?, description? }',
    },
  }),
  webhooks: object({
    scheduleSeconds: {
      type: 'array',
      maxItems: 100,
      items: { type: 'number', exclusiveMinimum: 0, maximum: 7 * DAY },
      rule: 'an array of numbers, each > 0 and ≤ 604800 (7 days), at most 100 of them',
    },
    timeoutMs: int(1, 300_000),
    maxResponseBytes: int(1, GIB),
    concurrency: int(1, 1000),
    allow: {
      type: 'array',
      items: { type: 'string', format: 'host-or-cidr' },
      rule: 'a list of host names, IP addresses or CIDRs (hooks.lan, 10.1.2.3, 127.0.0.0/8, fd00::/8)',
    },
    allowHttp: { type: 'boolean', rule: 'true or false' },
    progressIntervalSeconds: { type: 'number', exclusiveMinimum: 0, maximum: DAY, rule: 'a number > 0, at most 86400' },
    retentionSeconds: int(1, TEN_YEARS),
  }),
  imports: object({
    // Each target is checked field by field in import-targets.ts, so a problem names its own path.
    targets: { type: 'object', rule: 'an object of import targets by name' },
  }),
});
