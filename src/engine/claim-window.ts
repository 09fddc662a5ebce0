// How far ahead of its free slots a runner claims. A claim and an outcome write cost the store a
// transaction each whatever their size, so for short handlers (a no-op takes microseconds) a runner
// that claims only for its free slots spends most of its time on per-transaction costs. Claiming
// ahead turns many small claims into few large ones, and the attempts that then finish in one
// event-loop turn share one outcome write.
//
// Claiming ahead holds leases on tasks another runner could have started, so it is bounded by time:
// a runner holds at most about HORIZON_MS of a type's work beyond its slots (what its slots finish
// in that time, by its own measure of the type's handler time: an average of the latest attempts),
// and `worker.prefetch` tasks at most. A type it has not timed yet is claimed for free slots only,
// and so is one whose handlers take longer than slots × HORIZON_MS (800 ms with 16 slots).

const HORIZON_MS = 50;
/** Weight of the latest handler time in the moving average. */
const ALPHA = 0.2;

export interface ClaimWindow {
  /** A handler of `type` ran `ms` (from its start to when it settled). */
  observe(type: string, ms: number): void;
  /** How many tasks of `type` to hold beyond the `slots` that can run it at once. */
  ahead(type: string, slots: number): number;
}

export function createClaimWindow(max: number): ClaimWindow {
  const mean = new Map<string, number>();
  return {
    observe(type, ms) {
      const m = mean.get(type);
      mean.set(type, m === undefined ? ms : m + ALPHA * (ms - m));
    },
    ahead(type, slots) {
      const m = mean.get(type);
      if (max <= 0 || m === undefined) return 0;
      return Math.min(max, Math.floor((slots * HORIZON_MS) / Math.max(m, 0.001)));
    },
  };
}
