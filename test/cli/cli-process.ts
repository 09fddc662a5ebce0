import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

// The real `offload` command as a child process, run to its end (or killed after `timeoutMs`, which
// a test reports as a failure: a command that should have stopped kept running).

const BIN = fileURLToPath(new URL('../../bin/offload.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 20_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr, timedOut };
}

/** A failure's message for assert: what the command printed. */
export function shown(run: CliRun): string {
  return `exit ${run.code}${run.timedOut ? ' (killed: still running)' : ''}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** No line of a stack trace ("    at fn (file:line)") anywhere in the output. */
export function hasStack(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}
