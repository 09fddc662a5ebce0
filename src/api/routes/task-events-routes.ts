import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { isTerminal, type TaskRow } from '../../domain/task.ts';
import type { TaskEventRow } from '../../store/webhook-store.ts';
import { tenantScope } from '../plugins/auth.ts';
import { renderTask } from '../task-document.ts';
import { loadTask } from '../task-lookup.ts';
import { taskIdParams } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// GET /v1/tasks/{id}/events: Server-Sent Events (API.md Tasks table; STANDARDS.md §9). A
// convenience next to polling. Event kinds:
//
// - `status` without an id, first: the task document as it is on connect.
// - `status` / `completed` with `id: <stored event id>`: the task events the database records on
//   each status change (task.started → `status`; task.succeeded/failed/canceled → `completed`),
//   replayed after `Last-Event-ID` (header, or `?lastEventId=` for browsers' EventSource, which
//   cannot set headers). `data` is the task document as it was when the event happened.
// - `progress` WITHOUT an id, while running, whenever the reported progress changes. Progress is not
//   stored as events, so it has no id to resume from; leaving the id out keeps the client's last
//   event id at the last stored event, so a reconnect resumes exactly where the stored events were.
// - `: keep-alive` comment every 15 s.
//
// The stream closes after the `completed` event (or at once when the task is gone). A Last-Event-ID
// that is not a decimal event id is ignored (replay from the start), as a browser would otherwise
// reconnect forever with it. Changes are noticed through `store.events.onTaskChanged` plus a poll
// every `worker.pollIntervalMs` (other processes sharing SQLite emit no in-process events).

const KEEP_ALIVE_MS = 15_000;
const PAGE = 100;
const TERMINAL_EVENTS = new Set(['task.succeeded', 'task.failed', 'task.canceled']);

export async function taskEventsRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { store, config } = deps;
  const open = new Set<() => void>();
  // Open streams would hold app.close() (server.close waits for connections): end them first.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });

  app.get<{ Params: { id: string }; Querystring: { lastEventId?: string }; Headers: { 'last-event-id'?: string } }>(
    '/v1/tasks/:id/events',
    {
      schema: {
        operationId: 'streamTaskEvents',
        summary: 'Stream a task’s events (Server-Sent Events)',
        description:
          'A `text/event-stream`. First a `status` event (no id) with the current task document; then the stored status events after `Last-Event-ID` (or `?lastEventId=`), each with `id: <event id>` and `event: status` (task started) or `event: completed` (succeeded, failed, canceled), `data` being the task document at that moment; while the task runs, `progress` events (no id, so resuming is unaffected) whenever its progress changes; a `: keep-alive` comment every 15 s. The stream closes after the `completed` event. Polling `GET /v1/tasks/{id}` stays the primary path.',
        tags: ['tasks'],
        params: taskIdParams,
        querystring: {
          type: 'object',
          properties: {
            lastEventId: { type: 'string', description: 'For clients that cannot set `Last-Event-ID` (browsers’ `EventSource`).' },
          },
        },
        headers: {
          type: 'object',
          properties: {
            'last-event-id': { type: 'string', description: 'Resume after this event id (sent by SSE clients on reconnect).' },
          },
        },
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
      config: { problems: ['task-not-found', 'task-gone'] },
    },
    async (req, reply) => {
      const tenant = tenantScope(req.principal);
      // 404/410 come as problems, before the stream starts.
      const initial = await loadTask(store, tenant, req.params.id);
      const taskId = initial.id;
      let lastId = parseEventId(req.headers['last-event-id'] ?? req.query.lastEventId);
      const first = await renderTask(deps, initial, { now: deps.now() });

      reply.hijack();
      const res: ServerResponse = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });

      let closed = false;
      let progressKey = progressOf(initial);
      const write = (text: string) => {
        if (!closed) res.write(text);
      };
      const send = (event: string, data: unknown, id?: number) => {
        write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };

      let unsubscribe = () => {};
      let poll: NodeJS.Timeout | undefined;
      let keepAlive: NodeJS.Timeout | undefined;
      const end = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(poll);
        clearInterval(keepAlive);
        open.delete(end);
        res.end();
      };
      open.add(end);
      res.once('close', end);

      // One pass: the current row first, then the stored events after it (written in the same
      // transaction as the status change, so a terminal row means its event is already listed).
      const pass = async () => {
        const task = await store.taskGet({ tenant, id: taskId });
        if (closed) return;
        if (!task || task.destroyRequested) return end();
        let events: TaskEventRow[];
        do {
          events = await store.taskEventsList({ tenant, taskId, afterId: lastId, limit: PAGE });
          if (closed) return;
          for (const event of events) {
            const terminal = TERMINAL_EVENTS.has(event.type);
            const { body } = await renderTask(deps, event.task, { now: deps.now(), withPosition: false });
            if (closed) return;
            send(terminal ? 'completed' : 'status', body, event.id);
            lastId = event.id;
            if (terminal) return end();
          }
        } while (events.length === PAGE);
        if (isTerminal(task.status)) {
          // Terminal without a stored terminal event (e.g. events already purged): say so anyway.
          send('completed', (await renderTask(deps, task, { now: deps.now() })).body);
          return end();
        }
        const key = progressOf(task);
        if (task.status === 'running' && key !== progressKey) {
          progressKey = key;
          send('progress', (await renderTask(deps, task, { now: deps.now() })).body);
        }
      };

      // Serialised: a change during a pass runs one more pass afterwards.
      let running = false;
      let again = false;
      const check = () => {
        if (closed) return;
        if (running) {
          again = true;
          return;
        }
        running = true;
        void (async () => {
          try {
            do {
              again = false;
              await pass();
            } while (again && !closed);
          } catch (err) {
            req.log.error({ err, taskId }, 'task event stream failed');
            end();
          } finally {
            running = false;
          }
        })();
      };

      send('status', first.body);
      unsubscribe = store.events.onTaskChanged((changed) => {
        if (changed === taskId) check();
      });
      poll = setInterval(check, config.worker.pollIntervalMs);
      keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      check();
      return reply;
    },
  );
}

function parseEventId(value: string | undefined): number {
  return value !== undefined && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : 0;
}

function progressOf(task: TaskRow): string {
  const p = task.progress;
  return JSON.stringify([p.percent, p.message, p.current, p.total]);
}
