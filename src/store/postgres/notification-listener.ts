import pg from 'pg';

// One dedicated connection (outside the pool: a pooled client would be handed to queries and its
// LISTEN lost on release) that LISTENs for changes made by any process. When the connection drops
// (database restart, pg_terminate_backend, network) it reconnects with capped exponential backoff;
// it never throws into the process. While disconnected, `connected` is false and /readyz says so.
// Notifications sent while disconnected are lost: consumers keep a slow poll as a safety net.

// NOTIFY is database-wide: the channels carry the schema the tasks live in (queries.sql does the same
// with current_schema()), so stores of different schemas in one database stay apart.
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
