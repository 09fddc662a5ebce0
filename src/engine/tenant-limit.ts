import type { Config } from '../config/defaults.ts';
import { limitsAnything, type TenantLimit } from '../domain/tenant-budget.ts';

// The per-tenant concurrency limit of the configuration, as every claim passes it to the store (the
// in-process runner and the HTTP workers' claims alike): null when it limits nothing, so claims
// without a limit skip the counting.

export function tenantLimitOf(worker: Pick<Config['worker'], 'tenantConcurrency' | 'tenantConcurrencyOverrides'>): TenantLimit | null {
  const limit: TenantLimit = {
    default: worker.tenantConcurrency,
    overrides: Object.fromEntries(worker.tenantConcurrencyOverrides.map((o) => [o.tenant, o.concurrency])),
  };
  return limitsAnything(limit) ? limit : null;
}
