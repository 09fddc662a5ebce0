import { newId } from '../../src/domain/ids.ts';
import type { NewTask } from '../../src/domain/task.ts';

const HOUR = 3_600_000;

/** `count` queued tasks of `type` for `tenant`, runnable now, one attempt each, kept an hour. */
export function newTasks(tenant: string, type: string, count: number, callbackUrl: string | null = null): NewTask[] {
  const now = Date.now();
  return Array.from({ length: count }, () => ({
    id: newId('tsk'), tenant, type, status: 'queued' as const, customId: null, priority: 0, inputJson: '{}', metadata: null,
    fingerprint: 'fp', runAt: now, timeoutSeconds: 30, maxAttempts: 1, callbackUrl, createdAt: now, expiresAt: now + HOUR,
  }));
}
