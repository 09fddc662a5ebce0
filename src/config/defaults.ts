import { availableParallelism } from 'node:os';

// The one defaults object. Every field can be set in `offload.config.json` or with an environment
// variable named after its path: `limits.bodyBytes` → `OFFLOAD_LIMITS_BODY_BYTES`. Its JSON Schema
// (types, bounds, formats) is config-schema.ts; load-config.ts validates against it.

/**
 * A task type served only by workers over the HTTP worker protocol (no TypeScript code): declared
 * so submissions are validated and in-process runners never claim it.
 */
export interface HttpTaskTypeConfig {
  type: string;
  description?: string;
  /** JSON Schema (draft 2020-12) of `input`. */
  input: Record<string, unknown>;
  timeoutSeconds?: number;
  maxAttempts?: number;
  /** At most this many of the type in one claim answer (and per runner elsewhere). */
  concurrency?: number;
}

/**
 * An import target (`imports.targets.<name>`): rows of an uploaded CSV/JSONL file go into `table` of
 * the configured database `database` (a name in `databases`), each validated by `schema` first.
 */
export interface ImportTargetConfig {
  /** A name in `databases`. */
  database: string;
  /** A table name, or `schema.table`; letters, digits and `_`, used as written (quoted). */
  table: string;
  /** Table columns that identify a row: `upsert` updates the row with the same key (a unique index on them). */
  key?: string[];
  /** JSON Schema (draft 2020-12) of one row: an object whose `properties` are the fields a file may have. */
  schema: Record<string, unknown>;
  /** Rows per written transaction (and per ledger entry). Default 1000. */
  chunkRows?: number;
  /** Field (file column / JSON key) → table column, where they differ. */
  columns?: Record<string, string>;
}

/** One export source (config `exports.sources.<name>`): a read-only query of a configured database. */
export interface ExportSourceConfig {
  /** A name of `databases`. */
  database: string;
  /** One SELECT (or WITH … SELECT, VALUES) with `:name` parameters. */
  query: string;
  /** The parameters, each a JSON Schema; required unless it has a `default` or `optional: true`. */
  params?: Record<string, Record<string, unknown>>;
  /** Gives `progress.total`; default `SELECT count(*) FROM (<query>)`. */
  countQuery?: string;
  description?: string;
}

export const DEFAULTS = {
  /** `OFFLOAD_DATABASE`: a SQLite file path or a `postgres://` URL. */
  database: './data/offload.db',
  host: '127.0.0.1',
  port: 3000,
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
  /**
   * Databases task types may read or write (`export` sources, `import` targets), by name: a SQLite
   * file path or a postgres:// URL. Never the task store unless its location is named here. Config
   * file, or OFFLOAD_DATABASES as a JSON object.
   */
  databases: {} as Record<string, string>,
  /** Extra task modules (paths or package names), each exporting `defineTask(...)` values. */
  taskModules: [] as string[],
  /** Task types served only by HTTP workers (`POST /v1/workers/claim`); config file only. */
  httpTaskTypes: [] as HttpTaskTypeConfig[],
  worker: {
    /**
     * Handlers one runner runs at once, all types together. An attempt whose handler settled frees
     * its slot while its outcome is written; those count against a second bound of twice this.
     */
    concurrency: 16,
    /** Default per-type limit for types that do not declare `concurrency`. */
    typeConcurrency: 16,
    /**
     * Tasks a runner may claim ahead of its free slots, for short handlers only: it holds at most
     * about 50 ms of a type's work beyond its slots (by its own timing of the type), and releases
     * one that waited half its lease. 0 (default): claim for free slots only. Off by default: on
     * PostgreSQL with a million queued tasks, 64 halved the claim rate in our bench (cause not
     * found yet), while it raised drain 1.3–1.6× on a store of 100,000.
     */
    prefetch: 0,
    /** Threads for `cpu: true` types. */
    cpuThreads: Math.max(1, availableParallelism()),
    leaseSeconds: 30,
    /** How often a runner looks for work when nothing woke it, and watches for cancels (SQLite across processes). */
    pollIntervalMs: 200,
    /** On SIGTERM: how long running attempts may finish before they are aborted and released. */
    shutdownGraceSeconds: 25,
    /** `offload worker` only: serve /healthz, /readyz and /metrics on this port (0: any free one); null: none. */
    metricsPort: null as number | null,
    /**
     * At most this many tasks of one tenant run at once, over every runner and HTTP worker of the
     * store (enforced in the claim); 0: no limit. Claims under a limit are serialised.
     */
    tenantConcurrency: 0,
    /** Per-tenant exceptions to tenantConcurrency (concurrency 0: no limit for that tenant); config file only. */
    tenantConcurrencyOverrides: [] as { tenant: string; concurrency: number }[],
    /** How often a runner records its heartbeat in the worker list (`GET /v1/workers`). */
    heartbeatSeconds: 10,
    /** Task types this node's runner claims (`offload worker --types lomo`); empty: every registered type. */
    types: [] as string[],
  },
  tasks: {
    timeoutSeconds: 300,
    maxAttempts: 3,
    /** Exponential backoff between attempts: base × 2^(attempt−1), capped, with full jitter. */
    retryBaseSeconds: 2,
    retryMaxSeconds: 3600,
  },
  limits: {
    bodyBytes: 1_048_576,
    inputBytes: 262_144,
    resultBytes: 1_048_576,
    bulkMaxTasks: 1000,
    waitMaxSeconds: 60,
    pageSizeDefault: 50,
    pageSizeMax: 500,
    metadataKeys: 16,
    /**
     * `position` is counted exactly up to this many tasks ahead; beyond, the document says
     * `position: <this>` with `positionIsLowerBound: true`. Positions come from a per-process snapshot
     * of each type's first this-many queued tasks (api/queue-positions.ts), read once per type and
     * 250 ms at most, however many documents are rendered.
     */
    positionExactMax: 100,
    /**
     * JSON bodies nesting objects and arrays deeper than this (the body itself is level 1) are
     * refused with 400 before anything walks them: validation, fingerprints and the stores recurse,
     * and a few thousand levels used to overflow the stack. 64 leaves task inputs 62 levels.
     */
    jsonDepth: 64,
    /**
     * `POST /v1/files`: the largest upload, counted as the bytes stream in (never buffered). A body
     * over it is answered 413 after the rest of it was read and dropped, up to this much again, so
     * the client reads the answer instead of a reset connection.
     */
    uploadBytes: 1_073_741_824,
    /** Sub-requests in one `POST /v1/batch` (more: 422 batch-invalid). */
    batchMaxRequests: 100,
    /** Independent sub-requests of one batch dispatched at once. */
    batchConcurrency: 8,
    /** The body of `POST /v1/batch` as a whole (each sub-request also meets its own route's limits). */
    batchBodyBytes: 4_194_304,
    /** The longest chain of `dependsOn` within one batch (each link is a sub-request waiting for another). */
    batchMaxDepth: 32,
    /** Parents one task may list in `dependsOn`. */
    dependsOnMax: 100,
    /** Depth of a task graph: a task without parents is 0, a child 1 + its deepest parent. */
    taskGraphMaxDepth: 1000,
  },
  retention: {
    /** Finished tasks are purged (then 410) this long after they finish. */
    finishedSeconds: 86_400,
    /** A task that never started is canceled (`expired`) this long after submission. */
    unstartedSeconds: 7 * 86_400,
    idempotencySeconds: 86_400,
    reservationSeconds: 86_400,
    /** A stored (asynchronous) batch, with its responses, is purged this long after it was accepted. */
    batchSeconds: 7 * 86_400,
  },
  retryAfter: { minSeconds: 1, maxSeconds: 30, defaultSeconds: 2 },
  /** Per-tenant submissions per second (token bucket, burst = 2×); 0 turns it off. */
  rateLimit: { submitPerSecond: 0 },
  maintenance: {
    rescueIntervalMs: 1000,
    retentionIntervalMs: 60_000,
    /** How often each node looks for due schedule ticks (a tick is submitted by one node only). */
    scheduleIntervalMs: 250,
    /** How often the group coordinator looks for failed execution groups and finished compensations. */
    groupIntervalMs: 500,
  },
  /** The `http` task type's outbound requests: the same safety as webhooks, its own allow-list. */
  httpTask: {
    /** Hosts or CIDRs that may be private and plain http (tests, LAN services). */
    allow: [] as string[],
    /** Plain http to any public address (https only by default). */
    allowHttp: false,
    /** The whole exchange, per attempt. */
    timeoutMs: 30_000,
    /** At most this much of a response body is recorded (the rest is cut off: `bodyTruncated`). */
    maxResponseBytes: 262_144,
    /** At most this many seconds of an upstream's Retry-After are honoured (beyond: this). */
    maxRetryAfterSeconds: 3600,
  },
  /** Asynchronous batches (`Prefer: respond-async` on `POST /v1/batch`). */
  batches: {
    /** The dispatching node's lease on a batch, renewed every third of it; another node takes over when it expires. */
    leaseSeconds: 30,
    /** How often a node looks for orphaned batches, and for dispatched ones whose tasks all finished (batch.completed). */
    pollIntervalMs: 1000,
  },
  sqlite: {
    /** NORMAL survives any process crash; FULL also survives power loss, at one fsync per commit. */
    synchronous: 'NORMAL' as 'NORMAL' | 'FULL',
  },
  postgres: { poolSize: 10 },
  /** The API's connections: a client that is slow to send a request is cut off, and connections are capped. */
  http: {
    /**
     * Time to receive a whole request, headers and body; a client that trickles its body is answered
     * 408 and disconnected. Long-polls and event streams are not affected: the time counts until
     * the request has arrived, not while the answer is held.
     */
    requestTimeoutSeconds: 30,
    /** Time to receive a request's headers. */
    headersTimeoutSeconds: 10,
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutSeconds: 5,
    /** Open connections at once; a connection beyond it is closed as it arrives. */
    maxConnections: 10_000,
  },
  /** Stored files (uploads, files tasks produce) and their signed download links. */
  files: {
    /** Where new files' bytes go: `database` (the task store itself), `directory` or `s3`. Existing files stay readable where they are. */
    driver: 'database' as 'database' | 'directory' | 's3',
    /** `database` driver: bytes per stored chunk (one row each). */
    chunkBytes: 262_144,
    /** `directory` driver: the directory (every node must see the same one). */
    directory: './data/files',
    /** `s3` driver. Empty credentials: the AWS SDK's default chain (environment, profile, instance role). */
    s3: {
      bucket: '',
      region: 'us-east-1',
      /** For S3-compatible servers (MinIO, Ceph, …); empty for AWS. */
      endpoint: '',
      forcePathStyle: false,
      prefix: '',
      accessKeyId: '',
      secretAccessKey: '',
    },
    /** Uploads (`POST /v1/files`) are deleted this long after they were made. Task files go with their task. */
    uploadRetentionSeconds: 86_400,
    /** A signed download link is valid at least this long (at most a quarter longer: links stay stable between polls). */
    linkSeconds: 3600,
    /**
     * Secrets that sign download links: the first signs, all verify (rotate by putting a new one
     * first and dropping the old one once its links expired). Empty: a secret made at the first
     * start and kept in the database, shared by every node.
     */
    signingSecrets: [] as string[],
    /** An upload still streaming in after this long belongs to a request that died: the sweeper removes it. */
    orphanGraceSeconds: 3600,
    /** How often the sweeper removes deleted files' bytes and orphans (one node at a time). */
    sweepIntervalMs: 10_000,
  },
  /** The `export` task type (docs/exports.md). */
  exports: {
    /** A finished export task, with its file and links, is kept this long (seed 003: 30 minutes). */
    retentionSeconds: 1800,
    /** Rows read from the source at a time (memory is a batch, whatever the export's size). */
    batchRows: 1000,
    /** Named sources: `{ orders: { database: 'shop', query: 'SELECT … WHERE created_at >= :since', params: { since: { type: 'string', format: 'date-time' } } } }`. Config file only. */
    sources: {} as Record<string, ExportSourceConfig>,
  },
  /** Outgoing webhooks: retries, timeouts, and which targets may be private or plain http. */
  webhooks: {
    /** Delay before each retry (after the first attempt), ±20% jitter; past the last one a delivery fails for good. */
    scheduleSeconds: [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] as number[],
    timeoutMs: 10_000,
    /** At most this much of a response is read, then the connection is dropped. */
    maxResponseBytes: 65_536,
    /** Deliveries in flight at once per node. */
    concurrency: 8,
    /** Hosts or CIDRs (`127.0.0.0/8`, `hooks.lan`) that may be private and plain http (tests, LAN installs). */
    allow: [] as string[],
    /** Plain http to any public address (https only by default). */
    allowHttp: false,
    /** task.progress (opt-in per endpoint): at most one event per task this often, the latest state. */
    progressIntervalSeconds: 5,
    /** Task events and delivered/failed deliveries (with their attempts) are pruned after this long. */
    retentionSeconds: 7 * 86_400,
  },
  /** The `import` task type: where uploaded rows may go (docs/imports.md); config file only. */
  imports: {
    targets: {} as Record<string, ImportTargetConfig>,
  },
};

export type Config = typeof DEFAULTS;
