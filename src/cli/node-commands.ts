import type { Command } from 'commander';
import type { Config } from '../config/defaults.ts';
import { type DeepPartial, loadConfig } from '../config/load-config.ts';
import { describeDatabase } from '../store/open-store.ts';
import { nonNegativeInt } from './args.ts';
import type { CliState } from './cli-error.ts';
import { openCommandStore } from './store-access.ts';

// `offload serve`, `offload worker` (long-running nodes) and `offload migrate`.

interface NodeFlags {
  port?: number;
  host?: string;
  database?: string;
  config?: string;
  worker: boolean;
  concurrency?: number;
  metricsPort?: number;
  types?: string[];
}

function nodeConfig(flags: NodeFlags): Readonly<Config> {
  const overrides: DeepPartial<Config> = {};
  if (flags.port !== undefined) overrides.port = flags.port;
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.database !== undefined) overrides.database = flags.database;
  const worker: DeepPartial<Config['worker']> = {};
  if (flags.concurrency !== undefined) worker.concurrency = flags.concurrency;
  if (flags.metricsPort !== undefined) worker.metricsPort = flags.metricsPort;
  if (flags.types !== undefined) worker.types = flags.types;
  if (Object.keys(worker).length > 0) overrides.worker = worker;
  return loadConfig({ file: flags.config, overrides });
}

function commonNodeOptions(command: Command): Command {
  return command
    .option('--database <path|url>', 'SQLite file or postgres:// URL (OFFLOAD_DATABASE; default ./data/offload.db)')
    .option('--concurrency <n>', 'handlers this node runs at once (OFFLOAD_WORKER_CONCURRENCY)', nonNegativeInt)
    .option('--types <list>', 'claim only these task types, comma-separated, e.g. lomo (OFFLOAD_WORKER_TYPES; default: all)', typeList)
    .option('--config <file>', 'config file (OFFLOAD_CONFIG; default ./offload.config.json)');
}

function typeList(value: string): string[] {
  return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

export function registerNodeCommands(program: Command, state: CliState): void {
  commonNodeOptions(
    program
      .command('serve')
      .description('run the HTTP API and, unless --no-worker, a runner')
      .option('--port <n>', 'port to listen on, 0 for any free one (OFFLOAD_PORT; default 3000)', nonNegativeInt)
      .option('--host <host>', 'address to listen on (OFFLOAD_HOST; default 127.0.0.1)')
      .option('--no-worker', 'run no tasks in this process (an API-only node)'),
  )
    .addHelpText('after', '\nOn the first start the database has no API key: an admin key is created and printed once, on stderr.')
    .action((flags: NodeFlags) => runNode(flags, 'serve', state));

  commonNodeOptions(
    program
      .command('worker')
      .description('run a runner (and the maintenance chores) without the HTTP API')
      .option('--metrics-port <n>', 'serve /healthz, /readyz and /metrics on this port, 0 for any free one (OFFLOAD_WORKER_METRICS_PORT)', nonNegativeInt)
      .option('--host <host>', 'address for --metrics-port (OFFLOAD_HOST; default 127.0.0.1)'),
  ).action((flags: NodeFlags) => runNode({ ...flags, worker: true }, 'worker', state));

  program
    .command('migrate')
    .description('create or upgrade the database schema (creates a SQLite file if there is none)')
    .option('--database <path|url>', 'SQLite file or postgres:// URL (OFFLOAD_DATABASE; default ./data/offload.db)')
    .option('--config <file>', 'config file (OFFLOAD_CONFIG; default ./offload.config.json)')
    .option('--json', 'print {"from","to"}')
    .action(async (flags: { database?: string; config?: string; json?: boolean }) => {
      const config = loadConfig({ file: flags.config, overrides: flags.database ? { database: flags.database } : {} });
      const store = await openCommandStore(config, { create: true });
      try {
        const result = await store.migrate();
        process.stdout.write(
          flags.json ? `${JSON.stringify(result)}\n` : `${describeDatabase(config.database)}: schema ${result.from} → ${result.to}\n`,
        );
      } finally {
        await store.close();
      }
    });
}

async function runNode(flags: NodeFlags, mode: 'serve' | 'worker', state: CliState): Promise<void> {
  const config = nodeConfig(flags);
  state.logLevel = config.logLevel;
  // Loaded only for the long-running commands: `offload task …` stays quick to start.
  const [{ createLogger }, { startNode }] = await Promise.all([import('./create-logger.ts'), import('./start-node.ts')]);
  const logger = createLogger(config);
  const node = await startNode({
    config,
    logger,
    api: mode === 'serve',
    worker: flags.worker,
    bootstrapKey: mode === 'serve',
    metricsPort: mode === 'worker' ? config.worker.metricsPort : null,
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now; running attempts will be retried after their lease expires');
      process.exit(1);
    }
    logger.info({ signal, graceSeconds: config.worker.shutdownGraceSeconds }, 'shutting down gracefully');
    node.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
