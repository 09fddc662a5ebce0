import type { Config } from '../config/defaults.ts';
import { newId } from '../domain/ids.ts';
import type { TaskRow } from '../domain/task.ts';
import type { TaskRegistry } from '../engine/task-registry.ts';
import { taskError } from '../engine/task-errors.ts';
import type { TaskGroupMember } from '../store/group-store.ts';
import type { Store } from '../store/store.ts';
import { createIntervalService, type Service, type ServiceLogger } from './service.ts';

// Execution groups as sagas (seed 004 §4). A chore (one node at a time) that:
// 1. fails every active group one of whose members failed or was canceled: in one transaction the
//    group becomes `compensating`, its pending and queued members are canceled (`group-failed`) and
//    its running ones asked to stop;
// 2. for each compensating group, creates a compensation task for every member that succeeded (also
//    one whose cancel came too late) and whose type declares `compensate`: a task like any other —
//    leased, fenced, retried, announced — that the executor runs with `compensate` instead of `run`.
//    At most one per member (a unique index), so a pass repeated after a crash creates none twice;
// 3. finishes the group once no member is unfinished and every compensation task finished:
//    `compensated` when all succeeded, else `compensation-failed`. A member shows `compensated: true`
//    once its compensation task succeeded (set by the database in that task's transaction).

const BATCH = 100;

export function createGroupCoordinator(deps: {
  store: Store;
  registry: TaskRegistry;
  config: Pick<Config, 'maintenance' | 'retention' | 'tasks'>;
  logger: ServiceLogger;
  holder: string;
}): Service {
  const { store, registry, config, logger } = deps;
  const retentionMs = config.retention.finishedSeconds * 1000;
  const compensable = (type: string) => registry.get(type)?.definition.compensate !== undefined;

  const compensationTask = (member: TaskRow, now: number) => ({
    id: newId('tsk', now),
    tenant: member.tenant,
    type: member.type,
    status: 'queued' as const,
    customId: null,
    priority: member.priority,
    inputJson: member.inputJson,
    metadata: member.metadata,
    fingerprint: member.fingerprint,
    runAt: now,
    timeoutSeconds: member.timeoutSeconds,
    maxAttempts: registry.get(member.type)?.maxAttempts ?? config.tasks.maxAttempts,
    callbackUrl: null,
    createdAt: now,
    expiresAt: now + config.retention.unstartedSeconds * 1000,
  });

  async function compensate(groupId: string, members: TaskGroupMember[]): Promise<void> {
    let unfinished = false;
    let failed = false;
    for (const { task, compensation } of members) {
      if (task.status === 'pending' || task.status === 'queued' || task.status === 'running') {
        unfinished = true;
        continue;
      }
      if (task.status !== 'succeeded' || !compensable(task.type)) continue;
      if (compensation === null) {
        const created = await store.taskCompensationCreate({ task: compensationTask(task, Date.now()), compensates: task.id });
        if (created) logger.info({ group: groupId, taskId: task.id, compensation: created.id }, 'compensation task created');
        unfinished = true;
      } else if (compensation.status === 'failed' || compensation.status === 'canceled') {
        failed = true;
      } else if (compensation.status !== 'succeeded') {
        unfinished = true;
      }
    }
    if (unfinished) return;
    const state = failed ? 'compensation-failed' : 'compensated';
    if (await store.taskGroupFinish({ id: groupId, state, now: Date.now() })) logger.info({ group: groupId, state }, 'execution group finished');
  }

  return createIntervalService({
    name: 'group-coordinator',
    intervalMs: config.maintenance.groupIntervalMs,
    logger,
    chore: { store, holder: deps.holder, ttlMs: Math.max(10_000, config.maintenance.groupIntervalMs * 3) },
    async run() {
      for (const { groupId, failedTaskId } of await store.taskGroupsFailed({ limit: BATCH })) {
        const error = taskError('group-failed', `task ${failedTaskId} of group ${groupId} did not succeed`);
        const result = await store.taskGroupFail({ id: groupId, failedTaskId, error, now: Date.now(), retentionMs });
        if (result) logger.info({ group: groupId, failedTaskId, canceled: result.canceled.length, stopping: result.requested.length }, 'execution group failed');
      }
      for (const group of await store.taskGroupsCompensating({ limit: BATCH })) {
        await compensate(group.id, await store.taskGroupMembers({ id: group.id }));
      }
      return undefined;
    },
  });
}
