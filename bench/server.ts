import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort, rssMb, runToEnd, sleep, spawnChild, stopChild, type Scratch } from './env.ts';

// The system under test as real child processes: `offload serve` and `offload worker`.

const BIN = 'bin/offload.js';

export interface Running {
  child: ChildProcess;
  url: string;
  /** Peak RSS (MB) seen by `sampleRss`. */
  peakRssMb: number | null;
  sampleRss(): number | null;
  stop(): Promise<void>;
  /** Last lines of stderr/stdout, for error messages. */
  tail(): string;
}

/** The product's default log level (`info`, with its request logging) unless BENCH_LOG_LEVEL says otherwise. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
    s.once('timeout', () => {
      s.destroy();
      res(false);
    });
  });
}

/** `--profile DIR` (bench/run.ts) → every server and worker writes a V8 CPU profile there on exit. */
function profileEnv(): Record<string, string> {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${dir}`.trim() } : {};
}

function baseEnv(scratch: Scratch): Record<string, string> {
  return { OFFLOAD_DATABASE: scratch.database, OFFLOAD_LOG_LEVEL: LOG_LEVEL, ...profileEnv() };
}

export async function createKey(scratch: Scratch): Promise<string> {
  const out = await runToEnd([BIN, 'keys', 'create', '--tenant', 'bench', '--create', '--json'], { ...baseEnv(scratch) }, 30_000);
  const line = out.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`keys create printed no JSON: ${out.slice(0, 300)}`);
  return JSON.parse(line).key as string;
}

function track(child: ChildProcess, url: string): Running {
  let buf = '';
  const keep = (d: Buffer) => {
    buf = (buf + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const r: Running = {
    child,
    url,
    peakRssMb: null,
    sampleRss() {
      const v = rssMb(child.pid);
      if (v !== null && (r.peakRssMb === null || v > r.peakRssMb)) r.peakRssMb = v;
      return v;
    },
    stop: () => stopChild(child),
    tail: () => buf.slice(-1500),
  };
  return r;
}

/** Waits for the JSON log line `{"msg":"offload node started","api":…}` on the child's stdout. */
function startedLine(child: ChildProcess, running: Running, what: string): Promise<{ api: string | null }> {
  let seen = '';
  let timer: NodeJS.Timeout | undefined;
  return new Promise<{ api: string | null }>((res, rej) => {
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-16_000);
      for (const line of seen.split('\n')) {
        if (!line.includes('offload node started')) continue;
        try {
          const parsed = JSON.parse(line) as { api?: string | null };
          child.stdout?.off('data', onData);
          res({ api: parsed.api ?? null });
          return;
        } catch {
          // a partial line: wait for the rest
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => rej(new Error(`${what} exited ${code}: ${running.tail()}`)));
    timer = setTimeout(() => rej(new Error(`${what} did not start in 30 s: ${running.tail()}`)), 30_000);
  }).finally(() => clearTimeout(timer));
}

/**
 * `offload serve --port 0`: ready when it logs its start line, whose `api` is the URL. At a log
 * level that hides that line (BENCH_LOG_LEVEL=warn…) the bench picks a free port itself and waits
 * until it accepts connections.
 */
export async function startServer(scratch: Scratch, opts: { worker: boolean; extraEnv?: Record<string, string> }): Promise<Running> {
  const logsStart = ['info', 'debug', 'trace'].includes(LOG_LEVEL);
  const port = logsStart ? 0 : await freePort();
  const args = [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'];
  if (!opts.worker) args.push('--no-worker');
  const child = spawnChild(args, { ...baseEnv(scratch), ...opts.extraEnv });
  const running = track(child, `http://127.0.0.1:${port}`);
  try {
    if (logsStart) {
      const { api } = await startedLine(child, running, 'offload serve');
      if (!api) throw new Error(`offload serve logged no api URL: ${running.tail()}`);
      running.url = api.replace(/\/$/, '');
      return running;
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`offload serve exited ${child.exitCode}: ${running.tail()}`);
      if (await canConnect(port)) return running;
      await sleep(100);
    }
    throw new Error(`offload serve did not become ready in 30 s: ${running.tail()}`);
  } catch (err) {
    await running.stop();
    throw err;
  }
}

/** `offload worker`; ready when it logs "offload node started". */
export async function startWorker(scratch: Scratch, extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawnChild([BIN, 'worker'], { ...baseEnv(scratch), OFFLOAD_LOG_LEVEL: 'info', ...extraEnv });
  const running = track(child, '');
  try {
    await startedLine(child, running, 'offload worker');
  } catch (err) {
    await running.stop();
    throw err;
  }
  return running;
}
