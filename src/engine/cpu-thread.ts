import { parentPort } from 'node:worker_threads';
import { rebuildFilesError, threadFiles } from './cpu-files.ts';
import { isTaskDefinition, PermanentFailure, type TaskDefinition } from './define-task.ts';
import { buildTaskContext } from './task-context.ts';
import type { FromThread, LogLevel, ToThread } from './cpu-messages.ts';

// One CPU thread: runs one attempt at a time for the pool. The task's module is imported here
// (cached after the first time), so CPU-bound work never blocks the parent's event loop.

if (!parentPort) throw new Error('cpu-thread.ts must run as a worker thread');
const port = parentPort;
let controller: AbortController | null = null;

const post = (message: FromThread) => port.postMessage(message);

// ctx.files calls waiting for the pool's answer.
const calls = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
let nextCall = 0;
const files = threadFiles(
  (call) =>
    new Promise((resolve, reject) => {
      const callId = ++nextCall;
      calls.set(callId, { resolve, reject });
      post({ kind: 'files-call', callId, call });
    }),
);

port.on('message', (message: ToThread) => {
  if (message.kind === 'abort') {
    controller?.abort(message.reason);
    return;
  }
  if (message.kind === 'files-answer') {
    const waiting = calls.get(message.callId);
    calls.delete(message.callId);
    if (message.answer.ok) waiting?.resolve(message.answer.value);
    else waiting?.reject(rebuildFilesError(message.answer.error));
    return;
  }
  void runAttempt(message);
});

async function runAttempt(message: Extract<ToThread, { kind: 'run' }>): Promise<void> {
  controller = new AbortController();
  const log = (level: LogLevel) => (msg: string, data?: Record<string, unknown>) =>
    post({ kind: 'log', level, msg, data });
  const ctx = buildTaskContext({
    info: message.info,
    signal: controller.signal,
    progress: (update) => post({ kind: 'progress', update }),
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    files,
  });
  try {
    const definition = await findDefinition(message.moduleUrl, message.type);
    const result = await definition.run(message.input, ctx);
    post({ kind: 'done', ok: true, result });
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    post({
      kind: 'done',
      ok: false,
      error: { name: error.name, message: error.message, permanent: err instanceof PermanentFailure || error.name === 'PermanentFailure' },
    });
  } finally {
    controller = null;
  }
}

async function findDefinition(moduleUrl: string, type: string): Promise<TaskDefinition> {
  const exported: Record<string, unknown> = await import(moduleUrl);
  const values = Object.values(exported).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const found = values.find((v) => isTaskDefinition(v) && v.type === type);
  if (!found) throw new PermanentFailure(`module ${moduleUrl} does not export task type "${type}"`);
  return found as TaskDefinition;
}
