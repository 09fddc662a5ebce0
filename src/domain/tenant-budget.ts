// Per-tenant concurrency: at most `limit` tasks of one tenant run at once, over every worker of the
// store. The claim statements count what runs per tenant, then take candidates in claim order
// while their tenant has room; this is the choosing, the same for both dialects.

export interface TenantLimit {
  /** For every tenant without an override; 0: no limit. */
  default: number;
  /** Per tenant; 0: no limit for that tenant. */
  overrides: Readonly<Record<string, number>>;
}

export function limitOf(limit: TenantLimit, tenant: string): number {
  const n = limit.overrides[tenant] ?? limit.default;
  return n > 0 ? n : Number.POSITIVE_INFINITY;
}

/** Whether the limit limits anything at all (a claim without one skips the counting). */
export function limitsAnything(limit: TenantLimit | null | undefined): limit is TenantLimit {
  return !!limit && (limit.default > 0 || Object.values(limit.overrides).some((n) => n > 0));
}

export interface BudgetCandidate {
  tenant: string;
  type: string;
}

/**
 * Running counts → the tenants already at their limit (their tasks need not be read at all), and a
 * picker that accepts candidates in claim order while their tenant and type have room.
 */
export function tenantBudget(limit: TenantLimit, running: ReadonlyMap<string, number>, perType: Record<string, number>, total: number) {
  const counts = new Map(running);
  const typeLeft = new Map(Object.entries(perType));
  let left = total;
  const full = new Set<string>();
  for (const [tenant, n] of counts) if (n >= limitOf(limit, tenant)) full.add(tenant);
  return {
    full,
    /** True when `c` is taken (and counted). */
    take(c: BudgetCandidate): boolean {
      if (left <= 0 || full.has(c.tenant) || (typeLeft.get(c.type) ?? 0) <= 0) return false;
      const n = (counts.get(c.tenant) ?? 0) + 1;
      counts.set(c.tenant, n);
      if (n >= limitOf(limit, c.tenant)) full.add(c.tenant);
      typeLeft.set(c.type, typeLeft.get(c.type)! - 1);
      left -= 1;
      return true;
    },
    left: () => left,
  };
}
