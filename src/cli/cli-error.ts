import { CommanderError } from 'commander';
import { OffloadError } from '../client/offload-client.ts';
import { ConfigError } from '../config/load-config.ts';

// How the `offload` command fails: an exit code per kind of failure (documented in `offload --help`
// and the README), one line on stderr, and with --json also a JSON document on stdout — the
// server's problem document as it came, or `{ "error": { kind, message } }` for local errors — so a
// script reads stdout as JSON whatever happened. Stack traces only at log level debug or trace.

export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  unreachable: 3,
  timeout: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success (for --wait and wait: the task succeeded)
  1  failure: the server answered with a problem, the task failed or was canceled, or a node could not start
  2  usage or configuration error (also: no database at the given path)
  3  could not reach the server (connection refused, name not resolved, connection reset)
  4  gave up waiting: --timeout passed before the task finished
`;

export type FailureKind = 'failure' | 'usage' | 'config' | 'unreachable' | 'timeout';

/** A failure the CLI describes itself: one line, no stack. */
export class CliError extends Error {
  readonly kind: FailureKind;

  constructor(kind: FailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.kind = kind;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** What the error report needs to know from the command that ran: its log level, once the config is loaded. */
export interface CliState {
  logLevel: string | undefined;
}

export interface ErrorOutput {
  json: boolean;
  /** Log level debug or trace: the stack of unexpected errors and of start-up failures' causes. */
  verbose: boolean;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Prints `err` as described above and returns the exit code. */
export function reportError(err: unknown, out: ErrorOutput): number {
  const line = (text: string) => out.stderr.write(`offload: ${text}\n`);
  const json = (doc: unknown) => {
    if (out.json) out.stdout.write(`${JSON.stringify(doc)}\n`);
  };
  if (err instanceof CommanderError) {
    // Commander puts its "(Did you mean …?)" on a second line; one line reads better in logs.
    const message = err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    line(message);
    json({ error: { kind: 'usage', message } });
    return EXIT_CODES.usage;
  }
  if (err instanceof ConfigError) {
    for (const problem of err.problems) line(`config: ${problem}`);
    json({ error: { kind: 'config', message: err.problems[0], problems: err.problems } });
    return EXIT_CODES.usage;
  }
  if (err instanceof OffloadError) {
    const { problem } = err;
    line(`${err.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
    json(problem);
    return EXIT_CODES.failure;
  }
  if (err instanceof CliError) {
    line(err.message);
    if (out.verbose && err.cause instanceof Error && err.cause.stack) out.stderr.write(`${err.cause.stack}\n`);
    json({ error: { kind: err.kind, message: err.message } });
    return err.kind === 'config' ? EXIT_CODES.usage : EXIT_CODES[err.kind];
  }
  const message = err instanceof Error ? err.message : String(err);
  line(message);
  if (out.verbose && err instanceof Error && err.stack) out.stderr.write(`${err.stack}\n`);
  json({ error: { kind: 'failure', message } });
  return EXIT_CODES.failure;
}
