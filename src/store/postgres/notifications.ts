import pg from 'pg';

// Cross-process wake-ups over LISTEN/NOTIFY (capabilities.crossProcessEvents): the listener hears
// the changes other processes committed, the publisher tells them about ours.

/** An event waiting for its transaction to commit. */
export type PendingEvent = { kind: 'available'; type: string } | { kind: 'changed'; id: string };

// ── listener ───────────────────────────────────────────────────────────────────────────────────
// One dedicated connection (outside the pool: a pooled client would be handed to queries and its
// LISTEN lost on release) that LISTENs for changes made by any process. When the connection drops
// (database restart, pg_terminate_backend, network) it reconnects with capped exponential backoff;
// it never throws into the process. While disconnected, `connected` is false and /readyz says so.
// Notifications sent while disconnected are lost: consumers keep a slow poll as a safety net.

// NOTIFY is database-wide: the channels carry the schema the tasks live in (the publisher does the
// same with current_schema()), so stores of different schemas in one database stay apart.
export const CHANNEL_AVAILABLE = 'offload_available';
export const CHANNEL_CHANGED = 'offload_changed';
export type Channel = typeof CHANNEL_AVAILABLE | typeof CHANNEL_CHANGED;

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

export interface NotificationListenerOptions {
  clientConfig: pg.ClientConfig;
  onNotification(channel: Channel, payload: string): void;
  /** Each successful (re)connection, e.g. to poll for anything missed while disconnected. */
  onConnected?(): void;
  logger: { warn(o: object, msg?: string): void };
}

export class NotificationListener {
  readonly #options: NotificationListenerOptions;
  #client: pg.Client | null = null;
  #connected = false;
  #stopped = false;
  #backoffMs = MIN_BACKOFF_MS;
  #retryTimer: NodeJS.Timeout | null = null;
  #firstConnect: Promise<void> | null = null;

  constructor(options: NotificationListenerOptions) {
    this.#options = options;
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Resolves after the first attempt, connected or not: a store opens even while PG is restarting. */
  start(): Promise<void> {
    this.#firstConnect ??= this.#connect();
    return this.#firstConnect;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const client = this.#client;
    this.#client = null;
    this.#connected = false;
    if (client) await client.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client(this.#options.clientConfig);
    this.#client = client;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.#client === client) {
        this.#client = null;
        this.#connected = false;
      }
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (!this.#stopped) {
        this.#options.logger.warn(
          { err, retryInMs: this.#backoffMs },
          'postgres LISTEN connection lost; reconnecting',
        );
        this.#scheduleReconnect();
      }
    };
    // Without an 'error' listener a dropped connection would be an uncaught exception.
    client.on('error', onLost);
    client.on('end', () => onLost());
    const channels = new Map<string, Channel>();
    client.on('notification', (msg) => {
      const channel = channels.get(msg.channel);
      if (channel && msg.payload !== undefined) this.#options.onNotification(channel, msg.payload);
    });
    try {
      await client.connect();
      const schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
      for (const channel of [CHANNEL_AVAILABLE, CHANNEL_CHANGED] as const) channels.set(`${channel}.${schema}`, channel);
      await client.query([...channels.keys()].map((c) => `LISTEN ${client.escapeIdentifier(c)}`).join('; '));
      if (lost || this.#stopped) {
        if (this.#stopped) await client.end().catch(() => {});
        return;
      }
      this.#connected = true;
      this.#backoffMs = MIN_BACKOFF_MS;
      this.#options.onConnected?.();
    } catch (err) {
      onLost(err as Error);
    }
  }

  #scheduleReconnect(): void {
    if (this.#retryTimer || this.#stopped) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, delay);
    // A reconnect loop alone must not keep the process alive.
    this.#retryTimer.unref();
  }
}

// ── publisher ──────────────────────────────────────────────────────────────────────────────────
// Tells the other processes sharing the database (their NotificationListener) about committed
// changes. Not from inside the write transactions: a transaction that issued NOTIFY takes a
// database-wide lock in PreCommit_Notify and holds it through its commit (WAL flush included), so
// every writer's commit would serialize behind every other's and none could share a WAL flush
// (measured on PG 15: 10 concurrent single-row inserts 2,100 tx/s plain, 480 tx/s with pg_notify).
//
// Instead the executors hand every change to `publish` AFTER its commit (never for a rolled-back
// one), right after the in-process listeners heard it. The changes of one event-loop turn, plus
// whatever arrives while the previous publish is in flight, go out as ONE statement on a pool
// connection: one notification per type made available, task ids batched into payloads below
// PostgreSQL's 8000-byte limit. At most one publish is in flight, so under load the batches grow
// instead of the statements multiplying.
//
// A crash (or a failed publish) between a commit and its publish loses that wake-up. That is
// acceptable because nothing relies on notifications alone: the runner also claims every
// worker.pollIntervalMs (engine/runner.ts), long-poll waiters re-read the task's version every
// pollMs (operations/wait-for-task.ts → taskVersions), and event streams poll the same way
// (operations/watch-task.ts). Notifications only make the common case fast.

/** Payload bytes per notification; PostgreSQL rejects payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

// One statement for any number of notifications (fixed text, so it is prepared once per connection).
// The channel carries the schema, as the listener expects (above).
const PUBLISH_SQL = `SELECT count(pg_notify(c || '.' || current_schema(), p)) AS n FROM unnest($1::text[], $2::text[]) AS u(c, p)`;

export class NotificationPublisher {
  readonly #pool: pg.Pool;
  readonly #prefix: string;
  readonly #logger: { warn(o: object, msg?: string): void };
  #available = new Set<string>();
  #changed = new Set<string>();
  #scheduled = false;
  #sending: Promise<void> | null = null;
  #closed = false;

  /** `instanceKey` tags the payloads, so the publishing store can skip its own notifications. */
  constructor(pool: pg.Pool, instanceKey: string, logger: { warn(o: object, msg?: string): void }) {
    this.#pool = pool;
    this.#prefix = `${instanceKey}|`;
    this.#logger = logger;
  }

  /** Queues a committed change for the next publish. */
  publish(event: PendingEvent): void {
    if (this.#closed) return;
    if (event.kind === 'available') this.#available.add(event.type);
    else this.#changed.add(event.id);
    this.#schedule();
  }

  /** Publishes what is queued and waits for it; later changes are not published. */
  async close(): Promise<void> {
    while (this.#sending || this.#pendingCount() > 0) {
      if (this.#sending) await this.#sending;
      else this.#flush();
    }
    this.#closed = true;
  }

  #pendingCount(): number {
    return this.#available.size + this.#changed.size;
  }

  #schedule(): void {
    // While a publish is in flight, its completion flushes what accumulated meanwhile.
    if (this.#scheduled || this.#sending) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#sending || this.#pendingCount() === 0) return;
    const channels: string[] = [];
    const payloads: string[] = [];
    for (const type of this.#available) {
      channels.push(CHANNEL_AVAILABLE);
      payloads.push(this.#prefix + type);
    }
    const prefixBytes = Buffer.byteLength(this.#prefix);
    let ids: string[] = [];
    let bytes = prefixBytes;
    for (const id of this.#changed) {
      const idBytes = Buffer.byteLength(id) + (ids.length > 0 ? 1 : 0);
      if (ids.length > 0 && bytes + idBytes > MAX_PAYLOAD_BYTES) {
        channels.push(CHANNEL_CHANGED);
        payloads.push(this.#prefix + ids.join(','));
        ids = [];
        bytes = prefixBytes;
      }
      ids.push(id);
      bytes += Buffer.byteLength(id) + (ids.length > 1 ? 1 : 0);
    }
    if (ids.length > 0) {
      channels.push(CHANNEL_CHANGED);
      payloads.push(this.#prefix + ids.join(','));
    }
    this.#available = new Set();
    this.#changed = new Set();
    this.#sending = this.#send(channels, payloads).finally(() => {
      this.#sending = null;
      if (this.#pendingCount() > 0 && !this.#closed) this.#flush();
    });
  }

  async #send(channels: string[], payloads: string[]): Promise<void> {
    try {
      await this.#pool.query({ name: 'offloadPublish', text: PUBLISH_SQL, values: [channels, payloads] });
    } catch (err) {
      // Lost wake-ups are covered by the consumers' polling (see the top of this file).
      this.#logger.warn({ err, notifications: payloads.length }, 'postgres: publishing change notifications failed');
    }
  }
}
