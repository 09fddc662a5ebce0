import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The load generator, run as its own process so it does not share an event loop with the
// orchestrator: `node bench/load.ts <spec.json>` → one JSON line on stdout (LoadResult).

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds (duration mode); ignored when `amount` is set. */
  duration?: number;
  /** Exactly this many requests, each waited for (count mode: nothing is cut off in flight). */
  amount?: number;
  /** Requests per second over all connections. */
  overallRate?: number;
  /** GET `${pathPrefix}${random id}` with ids from this JSON file. */
  idsFile?: string;
  pathPrefix?: string;
  /** Hard stop after this many seconds whatever the mode. */
  maxSeconds: number;
}

export interface LoadResult {
  duration: number;
  requests: number;
  requestsPerSec: number;
  status: Record<string, number>;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; avg: number; max: number };
  cutOff: boolean;
}

/** The parts of autocannon's result this file reads (autocannon ships no types). */
interface AutocannonResult {
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
  '2xx'?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
}
type AutocannonInstance = Promise<AutocannonResult> & { stop(): void; on(event: 'response', fn: () => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => AutocannonInstance;

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const ids: string[] | null = spec.idsFile ? JSON.parse(readFileSync(spec.idsFile, 'utf8')) : null;
  const opts: Record<string, unknown> = {
    url: spec.url + spec.path,
    method: spec.method,
    headers: spec.headers ?? {},
    body: spec.body,
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
  };
  if (spec.amount) opts.amount = spec.amount;
  else opts.duration = spec.duration ?? 3;
  if (spec.overallRate) opts.overallRate = spec.overallRate;
  if (ids && ids.length > 0) {
    const prefix = spec.pathPrefix ?? '/';
    opts.requests = [
      {
        setupRequest(req: { path: string }) {
          req.path = prefix + ids[Math.floor(Math.random() * ids.length)];
          return req;
        },
      },
    ];
  }
  let cutOff = false;
  // autocannon ends a run on its 1 s sampling tick, so its own `duration` rounds a short counted run
  // up to whole seconds; the rate is taken from our own clock: start → last response.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const instance = autocannon(opts);
  instance.on('response', () => {
    lastResponseAt = performance.now();
  });
  const hardStop = setTimeout(() => {
    cutOff = true;
    instance.stop();
  }, spec.maxSeconds * 1000);
  const r = await instance;
  clearTimeout(hardStop);
  const status: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) status[code] = v.count;
  const requests = Object.values(status).reduce((a, b) => a + b, 0);
  const duration = requests > 0 ? (lastResponseAt - startedAt) / 1000 : r.duration;
  const result: LoadResult = {
    duration,
    requests,
    requestsPerSec: duration > 0 ? requests / duration : 0,
    status,
    ok2xx: r['2xx'] ?? 0,
    non2xx: r.non2xx ?? 0,
    errors: r.errors ?? 0,
    timeouts: r.timeouts ?? 0,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, avg: r.latency.average, max: r.latency.max },
    cutOff,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
