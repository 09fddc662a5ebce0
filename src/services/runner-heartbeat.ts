import type { Config } from '../config/defaults.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// An in-process runner's row in the worker list (GET /v1/workers): written at start and every
// worker.heartbeatSeconds, removed on stop. It also forgets workers nobody heard of for a day
// (crashed nodes, HTTP workers gone for good), so the table stays small.

const FORGET_AFTER_MS = 86_400_000;

export function createRunnerHeartbeat(deps: {
  store: Store;
  config: Pick<Config, 'worker'>;
  logger: ServiceLogger;
  /** The node id: the runner's workerId in the tasks it claims. */
  id: string;
  node: string;
  types: string[];
  now?: () => number;
}): Service {
  const { store, config, id } = deps;
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const inner = createIntervalService({
    name: 'runner-heartbeat',
    intervalMs: config.worker.heartbeatSeconds * 1000,
    logger: deps.logger,
    async run() {
      const at = now();
      await store.workerHeartbeat({
        worker: {
          id, kind: 'runner', tenant: null, keyId: null, name: id, node: deps.node, types: deps.types,
          concurrency: config.worker.concurrency, startedAt, lastHeartbeatAt: at,
        },
      });
      await store.workerPrune({ before: at - FORGET_AFTER_MS });
      return undefined;
    },
  });
  return {
    name: inner.name,
    start: () => inner.start(),
    async stop() {
      await inner.stop();
      try {
        await store.workerRemove({ id });
      } catch (err) {
        deps.logger.warn({ err }, 'worker list: could not remove this runner; it drops out when its heartbeat ages');
      }
    },
  };
}
