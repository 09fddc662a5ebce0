import type { QueueEntry } from '../../domain/queue-position.ts';
import type { StoreContext } from './store-context.ts';

// The head of a type's queue in claim order: one bounded scan of the partial index tasks_queue_idx.
const TASK_QUEUE_HEAD = `SELECT priority, run_at, seq FROM tasks WHERE status = 'queued' AND type = $1
ORDER BY priority DESC, run_at, seq LIMIT $2`;

export function taskQueueHead(ctx: StoreContext) {
  return {
    async taskQueueHead({ type, limit }: { type: string; limit: number }): Promise<QueueEntry[]> {
      const { rows } = await ctx.ex.query('taskQueueHead', TASK_QUEUE_HEAD, [type, limit]);
      return rows.map((r) => ({ priority: r.priority as number, runAt: Number(r.run_at), seq: Number(r.seq) }));
    },
  };
}
