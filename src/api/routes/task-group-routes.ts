import type { FastifyInstance } from 'fastify';
import { getTaskGroup } from '../../operations/get-task-group.ts';
import { renderTaskGroup } from '../batch-document.ts';
import { tenantScope } from '../plugins/auth.ts';

// GET /v1/task-groups/{id}: an execution group (`group: { atomic: true }` on submit) and what
// happened to it (src/services/group-coordinator.ts).

const GROUP_STATUSES = ['running', 'succeeded', 'compensating', 'compensated', 'compensation-failed'];

export async function taskGroupRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/v1/task-groups/:id',
    {
      schema: {
        operationId: 'getTaskGroup',
        summary: 'Get an execution group',
        description:
          '`running` until every member succeeded (`succeeded`). When a member fails for good (failed or canceled), the unfinished members are canceled and every member that succeeded is undone by its type’s `compensate`, run as a task of its own (`compensation` of the member): `compensating`, then `compensated` when all of them succeeded or `compensation-failed` when one did not. Members of types without `compensate` are not compensated.',
        tags: ['tasks'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Group id (`grp_…`); a malformed or unknown id is 404.' } } },
        response: {
          200: {
            description: 'The execution group',
            type: 'object',
            required: ['id', 'status', 'atomic', 'tasks', 'members', 'createdAt', 'updatedAt', 'links'],
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: GROUP_STATUSES },
              atomic: { type: 'boolean' },
              failedTaskId: { type: 'string', description: 'The member whose failure failed the group.' },
              tasks: {
                type: 'object',
                properties: { total: { type: 'integer' }, byStatus: { type: 'object', additionalProperties: { type: 'integer' } } },
              },
              members: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'type', 'status', 'compensated', 'href'],
                  properties: {
                    id: { type: 'string' },
                    type: { type: 'string' },
                    status: { type: 'string' },
                    compensated: { type: 'boolean' },
                    compensation: {
                      type: 'object',
                      properties: { id: { type: 'string' }, status: { type: 'string' }, href: { type: 'string' } },
                    },
                    href: { type: 'string' },
                  },
                },
              },
              createdAt: { type: 'string', format: 'date-time' },
              updatedAt: { type: 'string', format: 'date-time' },
              links: { type: 'object', properties: { self: { type: 'string' } } },
            },
          },
        },
      },
      config: { auth: 'tenant', problems: ['task-group-not-found'] },
    },
    async (req) => {
      const { group, members } = await getTaskGroup(req.store, { tenant: tenantScope(req.principal), id: req.params.id });
      return renderTaskGroup(group, members);
    },
  );
}
