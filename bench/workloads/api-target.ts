import type { Scratch } from '../env.ts';
import type { Running } from '../server.ts';

/** A running `offload serve` over a scratch store, with an API key of tenant `bench`. */
export interface ApiTarget {
  scratch: Scratch;
  server: Running;
  key: string;
}

/** Waits until the store's task count stops changing (requests cut off at a load's end commit late). */
export async function settledTotal(scratch: Scratch, maxMs = 3000): Promise<number> {
  let last = await scratch.probe.total();
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await scratch.probe.total();
    if (now === last) return now;
    last = now;
  }
  return last;
}
