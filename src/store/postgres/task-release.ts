import type { Store } from '../store.ts';
import type { StoreContext } from './store-context.ts';

// taskRelease: a shutting-down worker gives an attempt back unfinished. The task is queued again at
// once and the attempt does not count (the claim's attempts + 1 is undone). Fenced by the lease token
// like every runner write. The statement itself does not NOTIFY: like the other writes, the changed
// task (and its type, now available) is announced by the context after commit.

const TASK_RELEASE = `
UPDATE tasks SET status = 'queued', run_at = $3::bigint, attempts = GREATEST(attempts - 1, 0), started_at = NULL,
  lease_token = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $3::bigint
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING *`;

export function taskRelease(ctx: StoreContext): Pick<Store, 'taskRelease'> {
  return {
    async taskRelease(params: { id: string; leaseToken: string; now: number }) {
      const result = await ctx.ex.query('taskRelease', TASK_RELEASE, [params.id, params.leaseToken, params.now]);
      return result.rows.length ? ctx.emitOne(result.rows) : null;
    },
  };
}
