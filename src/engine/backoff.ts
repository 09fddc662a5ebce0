// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"):
// a uniformly random delay in [0, min(max, base × 2^(attempt−1))]. Full jitter spreads a burst of
// failures that happened together, so retries do not stampede the same dependency again.

/** Delay before the next attempt, after `attempt` (1-based) failed. */
export function retryDelayMs(
  attempt: number,
  baseSeconds: number,
  maxSeconds: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity for huge attempts; min() keeps the cap.
  const ceilingMs = Math.min(maxSeconds, baseSeconds * 2 ** exponent) * 1000;
  return Math.floor(random() * ceilingMs);
}
