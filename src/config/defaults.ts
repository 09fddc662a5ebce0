import { availableParallelism } from 'node:os';

// The one defaults object. Every field can be set in `offload.config.json` or with an environment
// variable named after its path: `limits.bodyBytes` → `OFFLOAD_LIMITS_BODY_BYTES`. Its JSON Schema
// (types, bounds, formats) is config-schema.ts; load-config.ts validates against it.

export const DEFAULTS = {
  /** `OFFLOAD_DATABASE`: a SQLite file path or a `postgres://` URL. */
  database: './data/offload.db',
  host: '127.0.0.1',
  port: 3000,
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
  /** Extra task modules (paths or package names), each exporting `defineTask(...)` values. */
  taskModules: [] as string[],
  worker: {
    /**
     * Handlers one runner runs at once, all types together. An attempt whose handler settled frees
     * its slot while its outcome is written; those count against a second bound of twice this.
     */
    concurrency: 16,
    /** Default per-type limit for types that do not declare `concurrency`. */
    typeConcurrency: 16,
    /** Threads for `cpu: true` types. */
    cpuThreads: Math.max(1, availableParallelism()),
    leaseSeconds: 30,
    /** How often a runner looks for work when nothing woke it, and watches for cancels (SQLite across processes). */
    pollIntervalMs: 200,
    /** On SIGTERM: how long running attempts may finish before they are aborted and released. */
    shutdownGraceSeconds: 25,
    /** `offload worker` only: serve /healthz, /readyz and /metrics on this port (0: any free one); null: none. */
    metricsPort: null as number | null,
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
    /** How often the group coordinator looks for failed execution groups and finished compensations. */
    groupIntervalMs: 500,
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
};

export type Config = typeof DEFAULTS;
