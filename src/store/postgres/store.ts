import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Store, StoreCapabilities } from '../store.ts';
import { StoreEventHub } from '../store-event-hub.ts';
import { postgresApiKeyStore } from './api-key-store.ts';
import { postgresAttemptStore } from './attempt-store.ts';
import { postgresBatchStore } from './batch-store.ts';
import { KeyedOrder, PoolExecutor, type Shared, StoreContext } from './connection.ts';
import { mapUnavailable, uniqueViolation } from './errors.ts';
import { postgresFileChunkStore } from './file-chunk-store.ts';
import { postgresFileStore } from './file-store.ts';
import { postgresGraphStore } from './graph-store.ts';
import { postgresGroupStore } from './group-store.ts';
import { postgresMaintenanceStore } from './maintenance-store.ts';
import { loadMigrations, migrate, schemaVersion } from './migrator.ts';
import {
  CHANNEL_AVAILABLE,
  CHANNEL_CHANGED,
  NotificationListener,
  NotificationPublisher,
  type PendingEvent,
} from './notifications.ts';
import { postgresQueueStore } from './queue-store.ts';
import { postgresRecordStore } from './record-store.ts';
import { postgresScheduleStore } from './schedule-store.ts';
import { postgresTaskStore } from './task-store.ts';
import { postgresWebhookStore } from './webhook-store.ts';
import { postgresWorkerStore } from './worker-store.ts';

// The PostgreSQL store: a pg pool for queries, one dedicated connection for LISTEN, and a Store
// assembled from the parts in this folder, each bound to a context (the pool, or one transaction).

const MIGRATIONS = loadMigrations();
const CODE_VERSION = MIGRATIONS.length;

const CAPABILITIES: StoreCapabilities = Object.freeze({ crossProcessEvents: true });

export interface PostgresStoreOptions {
  url: string;
  /** Every connection uses this schema (created when missing); tests get one each. */
  schema?: string;
  poolSize?: number;
  logger?: { warn(o: object, msg?: string): void; error(o: object, msg?: string): void };
}

const silentLogger = { warn() {}, error() {} };

/** int8 (counts, BIGINT ms times, seq) as JS numbers, for this pool only: pg's global parsers stay untouched. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const schema = options.schema;
  // ≤ 45 characters: notification channels are 'offload_available.<schema>', at most 63 in all.
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,44}$/.test(schema)) {
    throw new Error(`postgres schema name must be a plain identifier of at most 45 characters, got "${schema}"`);
  }
  const clientConfig: pg.ClientConfig = {
    connectionString: options.url,
    types: TYPES,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  if (schema) await createSchema(clientConfig, schema);

  // application_name names the schema so an operator (or a test) can tell whose connections these are.
  const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10, application_name: `offload:${schema ?? 'default'}` });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash.
  pool.on('error', (err) => logger.error({ err }, 'postgres pool: idle client error'));
  // pg-pool listens for errors only on idle clients; a checked-out client (a transaction) whose
  // connection is terminated would emit an unhandled 'error' and crash the process. The failing
  // query still rejects, which is where the caller learns about it.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'postgres connection lost'));
  });

  const instanceKey = randomUUID();
  const events = new StoreEventHub((err) => logger.error({ err }, 'task event listener threw'));
  const listener = new NotificationListener({
    clientConfig: { ...clientConfig, application_name: `offload-listener:${schema ?? 'default'}` },
    logger,
    onNotification: (channel, payload) => {
      const bar = payload.indexOf('|');
      // Our own changes were emitted locally already, right after commit.
      if (bar < 0 || payload.slice(0, bar) === instanceKey) return;
      const body = payload.slice(bar + 1);
      if (channel === CHANNEL_AVAILABLE) events.emitAvailable(body);
      else if (channel === CHANNEL_CHANGED) for (const id of body.split(',')) events.emitChanged(id);
    },
  });
  await listener.start();

  // Committed changes: this process's listeners at once, other processes via one batched NOTIFY.
  const publisher = new NotificationPublisher(pool, instanceKey, logger);
  const announce = (e: PendingEvent) => {
    if (e.kind === 'available') events.emitAvailable(e.type);
    else if (e.kind === 'changed') events.emitChanged(e.id);
    else return events.emitCreated(e.type, e.count);
    publisher.publish(e);
  };
  const shared: Shared = { pool, listener, publisher, events, completionOrder: new KeyedOrder(), closed: false };
  return storeView(new StoreContext(shared, new PoolExecutor(pool, announce)));
}

async function createSchema(config: pg.ClientConfig, schema: string): Promise<void> {
  const client = new pg.Client({ ...config, options: undefined });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two processes creating the same schema at once: the loser sees a duplicate, which is fine.
    if (uniqueViolation(err) === null && (err as { code?: string }).code !== '42P06') throw mapUnavailable(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The Store over one context: the pool, or (for withTransaction) one transaction's client. */
function storeView(ctx: StoreContext): Store {
  const { shared } = ctx;
  return {
    capabilities: CAPABILITIES,
    events: shared.events,
    inTransaction: ctx.ex.inTransaction,

    async migrate() {
      try {
        return await migrate(shared.pool, MIGRATIONS);
      } catch (err) {
        throw mapUnavailable(err);
      }
    },

    async ping() {
      try {
        const version = await schemaVersion(shared.pool);
        return { ok: shared.listener.connected && version === CODE_VERSION, schemaVersion: version, codeVersion: CODE_VERSION };
      } catch {
        return { ok: false, schemaVersion: 0, codeVersion: CODE_VERSION };
      }
    },

    async close() {
      if (shared.closed) return;
      shared.closed = true;
      await shared.publisher.close();
      await shared.listener.stop();
      await shared.pool.end();
    },

    withTransaction(fn) {
      return ctx.tx((tx) => fn(tx === ctx ? this : storeView(tx)));
    },

    ...postgresTaskStore(ctx),
    ...postgresAttemptStore(ctx),
    ...postgresMaintenanceStore(ctx),
    ...postgresRecordStore(ctx),
    ...postgresApiKeyStore(ctx),
    ...postgresWebhookStore(ctx),
    ...postgresQueueStore(ctx),
    ...postgresWorkerStore(ctx),
    ...postgresScheduleStore(ctx),
    ...postgresFileStore(ctx),
    ...postgresFileChunkStore(ctx),
    ...postgresGraphStore(ctx),
    ...postgresGroupStore(ctx),
    ...postgresBatchStore(ctx),
  };
}
