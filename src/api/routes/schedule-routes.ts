import type { FastifyInstance } from 'fastify';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  type ScheduleBody,
  setSchedulePaused,
} from '../../operations/schedules.ts';
import type { ScheduleRow } from '../../store/schedule-store.ts';
import { tenantScope } from '../plugins/auth.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// Recurring tasks: create, list, get, pause, resume, delete (the commands:
// src/operations/schedules.ts; the ticks: src/operations/schedule-ticks.ts).

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const isoOrNull = { type: ['string', 'null'], format: 'date-time' } as const;

const MISSED_TICKS =
  'Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64, description: 'Schedule id (`sch_…`); unknown or malformed is 404.' } },
} as const;

const scheduleSchema = {
  type: 'object',
  required: ['id', 'cron', 'timezone', 'task', 'overlap', 'paused', 'nextRunAt', 'ticks', 'skipped', 'createdAt', 'updatedAt', 'missedTicks'],
  properties: {
    id: { type: 'string' },
    cron: { type: 'string' },
    timezone: { type: 'string' },
    task: { type: 'object', additionalProperties: true, description: 'The submission body each tick submits.' },
    overlap: { type: 'string', enum: ['skip', 'allow'] },
    paused: { type: 'boolean' },
    pausedAt: isoOrNull,
    nextRunAt: { ...isoOrNull, description: 'The next tick (null: the expression never fires again).' },
    lastTickAt: isoOrNull,
    lastTaskId: { type: ['string', 'null'] },
    ticks: { type: 'integer', description: 'Ticks that submitted a task.' },
    skipped: { type: 'integer', description: 'Ticks skipped because the previous task was still active (overlap: skip).' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    missedTicks: { type: 'string', const: 'one-catch-up', description: MISSED_TICKS },
  },
} as const;

const scheduleResponse = (description: string) => ({ description, ...scheduleSchema });

function scheduleBody(s: ScheduleRow) {
  return {
    id: s.id,
    cron: s.cron,
    timezone: s.timezone,
    task: JSON.parse(s.taskJson) as Record<string, unknown>,
    overlap: s.overlap,
    paused: s.pausedAt !== null,
    pausedAt: iso(s.pausedAt),
    nextRunAt: s.pausedAt !== null ? null : iso(s.nextRunAt),
    lastTickAt: iso(s.lastTickAt),
    lastTaskId: s.lastTaskId,
    ticks: s.ticks,
    skipped: s.skipped,
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
    missedTicks: 'one-catch-up' as const,
  };
}

export async function scheduleRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { config } = deps;
  const scheduleDeps = { config, submitter: deps.submitter, now: deps.now };

  app.post<{ Body: ScheduleBody }>(
    '/v1/schedules',
    {
      schema: {
        operationId: 'createSchedule',
        summary: 'Create a recurring task',
        description: `Each tick of \`cron\` (five fields, or six with seconds first) in \`timezone\` (IANA, default UTC) submits \`task\` once, on exactly one node however many run. The body is validated now as \`POST /v1/tasks\` would (pointers under \`/task\`); \`customId\` and \`runAt\` cannot be used. Every task gets \`metadata.scheduleId\` and \`metadata.scheduledFor\` (the tick). \`overlap: "skip"\` skips a tick while the previous task is unfinished. ${MISSED_TICKS}`,
        tags: ['schedules'],
        body: {
          type: 'object',
          required: ['cron', 'task'],
          additionalProperties: false,
          properties: {
            cron: { type: 'string', minLength: 9, maxLength: 200, description: 'e.g. `*/15 * * * *`, or `*/1 * * * * *` (seconds).' },
            timezone: { type: 'string', minLength: 1, maxLength: 64, default: 'UTC' },
            task: { type: 'object', additionalProperties: true, description: 'A submission body (`POST /v1/tasks`).' },
            overlap: { type: 'string', enum: ['skip', 'allow'], default: 'allow' },
          },
        },
        response: { 201: scheduleResponse('Created') },
      },
      config: { auth: 'tenant', problems: ['unknown-task-type', 'input-invalid', 'payload-too-large', 'webhook-url-refused'] },
    },
    async (req, reply) => {
      const row = await createSchedule(req.store, { tenant: req.principal.tenant, body: req.body }, scheduleDeps);
      return reply.code(201).header('location', `/v1/schedules/${row.id}`).send(scheduleBody(row));
    },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/schedules',
    {
      schema: {
        operationId: 'listSchedules',
        summary: 'List schedules',
        description: 'Oldest first, in pages (`nextCursor`).',
        tags: ['schedules'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: config.limits.pageSizeMax, default: config.limits.pageSizeDefault },
            cursor: { type: 'string', maxLength: 64 },
          },
        },
        response: {
          200: {
            description: 'A page of schedules',
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: { items: { type: 'array', items: scheduleSchema }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const page = await listSchedules(req.store, {
        tenant: tenantScope(req.principal),
        limit: req.query.limit ?? config.limits.pageSizeDefault,
        cursor: req.query.cursor ?? null,
      });
      return { items: page.items.map(scheduleBody), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/schedules/:id',
    {
      schema: { operationId: 'getSchedule', summary: 'Get a schedule', tags: ['schedules'], params: idParams, response: { 200: scheduleResponse('The schedule') } },
      config: { auth: 'tenant', problems: ['schedule-not-found'] },
    },
    async (req) => scheduleBody(await getSchedule(req.store, { tenant: tenantScope(req.principal), id: req.params.id })),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(
      `/v1/schedules/:id/${action}`,
      {
        schema: {
          operationId: action === 'pause' ? 'pauseSchedule' : 'resumeSchedule',
          summary: action === 'pause' ? 'Pause a schedule' : 'Resume a schedule',
          description: action === 'pause' ? 'No tick is submitted until resumed.' : 'Ticks start again from the next one after now; ticks that fell in the pause are not submitted.',
          tags: ['schedules'],
          params: idParams,
          response: { 200: scheduleResponse(action === 'pause' ? 'Paused' : 'Resumed') },
        },
        config: { auth: 'tenant', problems: ['schedule-not-found'] },
      },
      async (req) =>
        scheduleBody(await setSchedulePaused(req.store, { tenant: tenantScope(req.principal), id: req.params.id, paused: action === 'pause' }, deps)),
    );
  }

  app.delete<{ Params: { id: string } }>(
    '/v1/schedules/:id',
    {
      schema: {
        operationId: 'deleteSchedule',
        summary: 'Delete a schedule',
        description: 'No further tick is submitted; tasks it already submitted are not touched.',
        tags: ['schedules'],
        params: idParams,
        response: { 204: { description: 'Deleted', type: 'null' } },
      },
      config: { auth: 'tenant', problems: ['schedule-not-found'] },
    },
    async (req, reply) => {
      await deleteSchedule(req.store, { tenant: tenantScope(req.principal), id: req.params.id });
      return reply.code(204).send();
    },
  );
}
