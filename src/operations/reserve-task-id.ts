import type { Config } from '../config/defaults.ts';
import { newId } from '../domain/ids.ts';
import type { Store } from '../store/store.ts';

/** Hands out a task id to submit later with PUT (the server assigns the id first). */
export async function reserveTaskId(
  store: Store,
  params: { tenant: string },
  deps: { config: Pick<Config, 'retention'>; now: () => number },
): Promise<{ id: string; expiresAt: number }> {
  const id = newId('tsk');
  const expiresAt = deps.now() + deps.config.retention.reservationSeconds * 1000;
  await store.reservationCreate({ tenant: params.tenant, id, expiresAt });
  return { id, expiresAt };
}
