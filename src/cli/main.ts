import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { type CliState, EXIT_CODES, EXIT_CODES_HELP, reportError } from './cli-error.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerNodeCommands } from './node-commands.ts';
import { registerTaskCommand } from './task-command.ts';

// The `offload` command: commander parses (help at every level, --version, unknown flags and
// commands with suggestions); every failure leaves through reportError with a documented exit code.

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function buildProgram(state: CliState): Command {
  const program = new Command('offload')
    .description('Offload — asynchronous task service')
    .version(VERSION, '-v, --version', 'print the version')
    .helpCommand(true)
    .showSuggestionAfterError(true)
    // Errors are printed by reportError (one line, JSON with --json), not by commander itself.
    .configureOutput({ outputError: () => {} })
    .exitOverride()
    .addHelpText(
      'after',
      `\nEvery setting is also an environment variable named after its path (OFFLOAD_PORT, OFFLOAD_DATABASE,\nOFFLOAD_TASK_MODULES, …) and a field of offload.config.json: see README "Configuration".\n\n${EXIT_CODES_HELP}`,
    );
  registerNodeCommands(program, state);
  registerKeysCommand(program);
  registerTaskCommand(program, process.env);
  return program;
}

async function main(argv: string[]): Promise<number | null> {
  const state: CliState = { logLevel: process.env.OFFLOAD_LOG_LEVEL };
  const program = buildProgram(state);
  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return null; // the command set process.exitCode, or keeps running (serve, worker)
  } catch (err) {
    // --help and --version leave through exitOverride as "errors" with exit code 0.
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT_CODES.ok;
    return reportError(err, {
      json: argv.includes('--json'),
      verbose: state.logLevel === 'debug' || state.logLevel === 'trace',
      stdout: process.stdout,
      stderr: process.stderr,
    });
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== null) process.exitCode = code;
});
