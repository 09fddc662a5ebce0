import { ProblemError } from '../domain/problems.ts';

// Per-tenant token bucket on submissions, in-process: with several API processes each enforces
// the rate on its own. Burst = 2 × the rate. A bulk request costs one token per task, capped at
// the burst so a bulk larger than the burst can still pass on a full bucket.

export interface RateLimiter {
  /** Throws 429 `rate-limited` with Retry-After when the tenant has no tokens left. */
  take(tenant: string, cost?: number): void;
}

export function createRateLimiter(perSecond: number, now: () => number): RateLimiter {
  if (perSecond <= 0) return { take() {} };
  const capacity = perSecond * 2;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(tenant, cost = 1) {
      const t = now();
      const bucket = buckets.get(tenant) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(tenant, bucket);
      const need = Math.min(cost, capacity);
      if (bucket.tokens < need) {
        const seconds = Math.max(1, Math.ceil((need - bucket.tokens) / perSecond));
        throw new ProblemError('rate-limited', `At most ${perSecond} submissions per second.`, {
          headers: { 'retry-after': String(seconds) },
        });
      }
      bucket.tokens -= need;
    },
  };
}
