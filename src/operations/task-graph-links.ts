import type { Config } from '../config/defaults.ts';
import { currentIdPattern, newId } from '../domain/ids.ts';
import { ProblemError } from '../domain/problems.ts';
import type { DependencyPolicy, TaskRow } from '../domain/task.ts';
import type { Store } from '../store/store.ts';

// What a submission adds beyond its task row: its parents (`dependsOn`) and its execution group
// (`group`). Both are written in the transaction that inserts the task, right after the insert, so
// a refused link (an unknown parent, a group that takes no members) leaves no task behind.

/** The submission body's members for them (src/operations/submitter.ts adds them to its schema). */
export function graphBodySchema(config: Readonly<Pick<Config, 'limits'>>) {
  return {
    dependsOn: {
      type: 'array',
      minItems: 1,
      maxItems: config.limits.dependsOnMax,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 64 },
      description: `Ids of tasks of your tenant (at most ${config.limits.dependsOnMax}) this one waits for: it stays \`pending\` until every one of them succeeded, then is queued at once. One that fails, is canceled or destroyed fails this task (\`dependency-failed\`), unless \`dependencyPolicy\` is \`always\`. In a batch, \`{"$ref": "<id>#/id"}\` names a sibling's task.`,
    },
    dependencyPolicy: {
      type: 'string',
      enum: ['succeeded', 'always'],
      description: '`succeeded` (default): run only when every parent succeeded. `always`: run once every parent finished, however. Only with `dependsOn`.',
    },
    group: {
      type: 'object',
      required: ['atomic'],
      additionalProperties: false,
      description:
        'An execution group: when a member fails for good, the unfinished members are canceled and every member that succeeded is undone by its type’s `compensate`. Without `id` a new group is formed (one per bulk request); `id` joins a group of yours that is still active (another request’s, e.g. a batch sibling’s `{"$ref": "<id>#/group/id"}`).',
      properties: {
        id: { type: 'string', pattern: `^${currentIdPattern('grp')}$`, description: 'An existing group (`grp_…`) to join.' },
        atomic: { type: 'boolean', enum: [true] },
      },
    },
  } as const;
}

export interface SubmissionLinks {
  dependsOn: string[] | null;
  policy: DependencyPolicy;
  /** `create`: a new group of this id is formed by this submission. */
  group: { id: string; create: boolean } | null;
}

export function linksOf(body: { dependsOn?: string[]; dependencyPolicy?: DependencyPolicy; group?: { id?: string } }): SubmissionLinks | null {
  if (!body.dependsOn && !body.group) return null;
  return {
    dependsOn: body.dependsOn ?? null,
    policy: body.dependencyPolicy ?? 'succeeded',
    group: body.group ? { id: body.group.id ?? newId('grp'), create: body.group.id === undefined } : null,
  };
}

/** Links the task `tx` just inserted; throws a ProblemError (the caller's transaction rolls back). */
export async function linkSubmission(
  tx: Store,
  task: TaskRow,
  links: SubmissionLinks,
  config: Readonly<Pick<Config, 'limits' | 'retention'>>,
): Promise<TaskRow> {
  let row = task;
  if (links.dependsOn) {
    const linked = await tx.taskGraphLink({
      tenant: task.tenant,
      childId: task.id,
      parentIds: links.dependsOn,
      policy: links.policy,
      maxDepth: config.limits.taskGraphMaxDepth,
      now: task.createdAt,
      retentionMs: config.retention.finishedSeconds * 1000,
    });
    if (linked.outcome === 'invalid') {
      const errors = linked.ids.map((id) => ({
        pointer: `/dependsOn/${links.dependsOn!.indexOf(id)}`,
        detail: id === task.id ? 'a task cannot depend on itself' : `no task ${id} of your tenant`,
      }));
      throw new ProblemError('task-dependency-invalid', errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { extensions: { errors } });
    }
    if (linked.outcome === 'too-deep') {
      const detail = `the task would be at depth ${linked.depth} of its graph, deeper than limits.taskGraphMaxDepth (${config.limits.taskGraphMaxDepth})`;
      throw new ProblemError('task-dependency-invalid', detail, { extensions: { errors: [{ pointer: '/dependsOn', detail }] } });
    }
    row = linked.task;
  }
  if (links.group) {
    if (links.group.create) await tx.taskGroupCreate({ id: links.group.id, tenant: task.tenant, now: task.createdAt });
    if (!(await tx.taskGroupJoin({ tenant: task.tenant, groupId: links.group.id, taskIds: [task.id] }))) {
      const detail = `no active execution group ${links.group.id} of your tenant`;
      throw new ProblemError('task-group-invalid', detail, { extensions: { errors: [{ pointer: '/group/id', detail }] } });
    }
    row = { ...row, graph: { ...row.graph, groupId: links.group.id } };
  }
  return row;
}
