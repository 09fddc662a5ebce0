import type pg from 'pg';
import { CHANNEL_AVAILABLE, CHANNEL_CHANGED } from './notification-listener.ts';
import type { PendingEvent } from './task-events.ts';

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
// (api/routes/task-events-routes.ts). Notifications only make the common case fast.

/** Payload bytes per notification; PostgreSQL rejects payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

// One statement for any number of notifications (fixed text, so it is prepared once per connection).
// The channel carries the schema, as the listener expects (notification-listener.ts).
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
