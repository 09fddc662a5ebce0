// Why an attempt's signal aborted: `ctx.signal.reason` is one of these strings, so handlers (and
// CPU threads, which receive it by message) can tell them apart without instanceof.
export type AbortReason = 'canceled' | 'destroyed' | 'timeout' | 'lease-lost' | 'shutdown';

export function isAbortReason(value: unknown): value is AbortReason {
  return value === 'canceled' || value === 'destroyed' || value === 'timeout' || value === 'lease-lost' || value === 'shutdown';
}
