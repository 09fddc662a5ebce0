import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from './env.ts';
import type { LoadResult, LoadSpec } from './load.ts';

// Parent side of bench/load.ts: one child process per load run.

const dir = mkdtempSync(join(tmpdir(), 'offload-bench-load-'));
let n = 0;

export function writeTemp(name: string, value: unknown): string {
  const p = join(dir, `${++n}-${name}`);
  writeFileSync(p, JSON.stringify(value));
  return p;
}

export function cleanupTemp(): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const file = writeTemp('spec.json', spec);
  const out = await runToEnd(['bench/load.ts', file], {}, (spec.maxSeconds + 30) * 1000);
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LoadResult;
}

/**
 * A load whose every request is answered before it ends, so the server's count can be checked
 * exactly: a counted warm-up (`warmupRequests`, nothing left in flight) estimates the rate, then
 * count mode sends rate × seconds requests (hard-stopped at 3 × seconds + 2). `afterWarmup` runs
 * between the two (e.g. to read the store's count).
 */
export async function runCountedLoad(
  spec: Omit<LoadSpec, 'duration' | 'amount' | 'maxSeconds'>,
  seconds: number,
  opts: { warmupRequests: number; afterWarmup?: () => Promise<void> },
): Promise<{ warmup: LoadResult; main: LoadResult }> {
  const warmup = await runLoad({ ...spec, amount: Math.max(spec.connections, opts.warmupRequests), maxSeconds: 20 });
  await opts.afterWarmup?.();
  const rate = warmup.duration > 0 ? Math.max(warmup.requests / warmup.duration, 1) : 1;
  const amount = Math.max(spec.connections, Math.round(rate * seconds));
  const main = await runLoad({ ...spec, amount, maxSeconds: seconds * 3 + 2 });
  return { warmup, main };
}
