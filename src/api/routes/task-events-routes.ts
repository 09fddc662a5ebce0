import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { isTerminal, type TaskRow } from '../../domain/task.ts';
import { tenantScope } from '../plugins/auth.ts';
import { loadTask } from '../../operations/task-lookup.ts';
import { currentTask, watchTask } from '../../operations/watch-task.ts';
import { renderTask } from '../task-document.ts';
import { taskIdParams } from './task-schemas.ts';
import type { TaskRouteDeps } from './task-route-deps.ts';

// GET /v1/tasks/{id}/events: Server-Sent Events (docs/webhooks.md § Server-Sent Events). A
// convenience next to polling that follows the task row itself. Event kinds:
//
// - `status` without an id, first: the task document as it is on connect.
// - `status` with `id: <task version>` whenever the task's status changes (running, or back to
//   pending/queued for a retry), and `completed` with `id: <task version>` once it is terminal (then
//   the stream closes). The version is the task's own change counter, so it is a per-task sequence a
//   client can resume from: after `Last-Event-ID: v` (header, or `?lastEventId=` for browsers'
//   EventSource, which cannot set headers) a terminal task says `completed` with its id only if it
//   changed after v, else without an id. Changes between two looks at the row are coalesced: the
//   stream reports states, not a history (webhooks carry every transition; see task_events).
// - `progress` WITHOUT an id, while running, whenever the reported progress changes.
// - `: keep-alive` comment every 15 s.
//
// A Last-Event-ID that is not a decimal id is ignored, as a browser would otherwise reconnect forever
// with it. Changes are noticed through `store.events.onTaskChanged` plus a poll every
// `worker.pollIntervalMs` (other processes sharing SQLite emit no in-process events).

const KEEP_ALIVE_MS = 15_000;

export async function taskEventsRoutes(app: FastifyInstance, deps: TaskRouteDeps): Promise<void> {
  const { config } = deps;
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
          'A `text/event-stream` that follows the task. First a `status` event (no id) with the current task document; then `event: status` whenever the task’s status changes (running, or pending/queued again for a retry) and `event: completed` once it succeeded, failed or was canceled, each with `id: <task version>` (a per-task sequence) and the task document as `data`; while the task runs, `progress` events (no id, so resuming is unaffected) whenever its progress changes; a `: keep-alive` comment every 15 s. The stream closes after `completed`. Reconnecting with `Last-Event-ID` (or `?lastEventId=`) starts again from the current document; a finished task’s `completed` carries an id only if the task changed after that id. Changes between two looks are coalesced (states, not a history: webhooks deliver every transition). Polling `GET /v1/tasks/{id}` stays the primary path.',
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
            'last-event-id': { type: 'string', description: 'The last event id the client saw (sent by SSE clients on reconnect).' },
          },
        },
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
      config: { auth: 'tenant', streams: true, problems: ['task-not-found', 'task-gone'] },
    },
    async (req, reply) => {
      const tenant = tenantScope(req.principal);
      // 404/410 come as problems, before the stream starts.
      const { store } = req;
      const initial = await loadTask(store, tenant, req.params.id);
      const taskId = initial.id;
      let lastId = parseEventId(req.headers['last-event-id'] ?? req.query.lastEventId);
      const first = await renderTask(deps, initial, { now: deps.now(), store });

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
      let keepAlive: NodeJS.Timeout | undefined;
      const end = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(keepAlive);
        open.delete(end);
        res.end();
      };
      open.add(end);
      res.once('close', end);

      // One pass: the current row, reported if its status or progress moved since the last event.
      let reportedStatus = initial.status;
      const pass = async () => {
        const task = await currentTask(store, { tenant, id: taskId });
        if (closed) return;
        if (!task) return end();
        if (isTerminal(task.status)) {
          const { body } = await renderTask(deps, task, { now: deps.now(), store });
          send('completed', body, task.version > lastId ? task.version : undefined);
          return end();
        }
        if (task.status !== reportedStatus) {
          reportedStatus = task.status;
          progressKey = progressOf(task);
          lastId = task.version;
          send('status', (await renderTask(deps, task, { now: deps.now(), store })).body, task.version);
          return;
        }
        const key = progressOf(task);
        if (task.status === 'running' && key !== progressKey) {
          progressKey = key;
          send('progress', (await renderTask(deps, task, { now: deps.now(), store })).body);
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
      unsubscribe = watchTask(store, { id: taskId, pollMs: config.worker.pollIntervalMs, onChange: check });
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
