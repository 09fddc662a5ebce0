import { isWellFormedId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { TaskGroupMember, TaskGroupRow } from '../store/group-store.ts';
import type { Store } from '../store/store.ts';

// Read an execution group: its state and every member with its compensation task.

export async function getTaskGroup(
  store: Store,
  params: { tenant: string | null; id: string },
): Promise<{ group: TaskGroupRow; members: TaskGroupMember[] }> {
  const group = isWellFormedId(params.id, 'grp') ? await store.taskGroupGet(params) : null;
  if (!group) throw new ProblemError('task-group-not-found', `No execution group ${params.id}.`);
  return { group, members: await store.taskGroupMembers({ id: group.id }) };
}
