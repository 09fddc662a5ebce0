import { ConfigError, loadConfig, type DeepPartial } from '../config/load-config.ts';
import type { Config } from '../config/defaults.ts';
import { OffloadError } from '../client/offload-client.ts';
import { openStore, describeDatabase } from '../store/open-store.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import { keysCommand } from './keys-command.ts';
import { taskCommand } from './task-command.ts';

const USAGE = `offload — asynchronous task service

usage:
  offload serve   [--port N] [--host H] [--database PATH|URL] [--no-worker] [--config FILE]
  offload worker  [--database PATH|URL] [--concurrency N] [--config FILE]
  offload migrate [--database PATH|URL] [--json]
  offload keys    create --tenant T [--name N] [--admin] [--json] | list [--tenant T] [--json] | revoke <id>
  offload task    submit <type> … | get <id> | wait <id> | cancel <id>   (offload task --help)

Every setting is also an environment variable: OFFLOAD_PORT, OFFLOAD_DATABASE, OFFLOAD_TASK_MODULES, …
(see README "Configuration").`;

const NODE_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  database: { type: 'string' },
  config: { type: 'string' },
  'no-worker': { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function nodeConfig(argv: string[]) {
  const { values } = parseFlags(argv, NODE_FLAGS);
  const overrides: DeepPartial<Config> = {};
  const port = intFlag('port', values.port);
  if (port !== undefined) overrides.port = port;
  if (values.host) overrides.host = values.host;
  if (values.database) overrides.database = values.database;
  const concurrency = intFlag('concurrency', values.concurrency);
  if (concurrency !== undefined) overrides.worker = { concurrency };
  return { config: loadConfig({ file: values.config, overrides }), values };
}

/** Config-only flags accepted by commands that open the store. */
function storeConfig(argv: string[]) {
  const database = flagValue(argv, '--database');
  const file = flagValue(argv, '--config');
  return loadConfig({ file, overrides: database ? { database } : {} });
}

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

async function runNode(argv: string[], mode: 'serve' | 'worker'): Promise<void> {
  const { config, values } = nodeConfig(argv);
  // Loaded only for the long-running commands: `offload task …` stays quick to start.
  const { createLogger, startNode } = await import('./start-node.ts');
  const logger = createLogger(config);
  const node = await startNode({
    config,
    logger,
    api: mode === 'serve',
    worker: mode === 'worker' || !values['no-worker'],
    bootstrapKey: mode === 'serve',
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

async function migrate(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, { database: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } });
  const config = loadConfig({ file: values.config, overrides: values.database ? { database: values.database } : {} });
  const store = await openStore(config);
  try {
    const result = await store.migrate();
    const msg = `${describeDatabase(config.database)}: schema ${result.from} → ${result.to}`;
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${msg}\n`);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
    case 'worker':
      await runNode(rest, command);
      return -1; // keeps running until a signal
    case 'migrate':
      await migrate(rest);
      return 0;
    case 'keys':
      await keysCommand(rest, storeConfig(rest));
      return 0;
    case 'task':
      return taskCommand(rest, process.env);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`offload: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof OffloadError) {
      process.stderr.write(`offload: ${err.status} ${err.problem.title}${err.problem.detail ? `: ${err.problem.detail}` : ''}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`offload: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
