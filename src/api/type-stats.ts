import type { DurationStats } from '../domain/estimates.ts';
import type { Store } from '../store/store.ts';

// Duration statistics by task type, for the estimates of task documents. They are an estimate
// anyway: each app keeps a type's statistics for STATS_TTL_MS instead of reading them from the store
// for every document (one store round trip less per submit and poll). "No statistics yet" is not
// kept: the first completed task of a type must turn "unknown" into an estimate at once.

export const STATS_TTL_MS = 1000;
const STATS_CACHE_MAX = 1000;

export interface TypeStats {
  /** Through `via` when given and not the cache's own store (a transaction's view): read, not cached. */
  get(type: string, via?: Pick<Store, 'typeStatsGet'>): Promise<DurationStats | null>;
}

export function createTypeStats(store: Pick<Store, 'typeStatsGet'>): TypeStats {
  const cache = new Map<string, { stats: DurationStats; at: number }>();
  return {
    async get(type, via) {
      if (via && via !== store) return via.typeStatsGet({ type });
      const at = performance.now();
      const hit = cache.get(type);
      if (hit && at - hit.at < STATS_TTL_MS) return hit.stats;
      const stats = await store.typeStatsGet({ type });
      if (stats !== null) {
        if (cache.size >= STATS_CACHE_MAX) cache.clear();
        cache.set(type, { stats, at });
      }
      return stats;
    },
  };
}
