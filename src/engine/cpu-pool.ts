import { Worker } from 'node:worker_threads';
import { PermanentFailure, type ProgressUpdate, type TaskLogger } from './define-task.ts';
import type { AttemptFiles } from './attempt-files.ts';
import { createFilesHost, type FilesHost } from './cpu-files.ts';
import type { CpuAttemptInfo, FromThread, ToThread } from './cpu-messages.ts';

// A fixed-size pool of worker threads for `cpu: true` task types. Jobs wait in FIFO order for a
// free thread. A thread that crashes, or that ignores an abort for longer than `abortGraceMs`, is
// terminated and replaced: a spinning CPU loop cannot be interrupted any other way.

export interface CpuJob {
  moduleUrl: string;
  type: string;
  input: unknown;
  info: CpuAttemptInfo;
  signal: AbortSignal;
  onProgress(update: number | ProgressUpdate): void;
  log: TaskLogger;
  /** The attempt's files; the thread's `ctx.files` calls them through the pool. */
  files?: AttemptFiles;
}

export interface CpuPool {
  /** Resolves with the handler's result; rejects like the handler would (PermanentFailure kept). */
  run(job: CpuJob): Promise<unknown>;
  /** Threads currently running a job. */
  busy(): number;
  close(): Promise<void>;
}

export class CpuThreadCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpuThreadCrashedError';
  }
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

interface Pending {
  job: CpuJob;
  files?: FilesHost;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

const THREAD_URL = new URL('./cpu-thread.ts', import.meta.url);

export function createCpuPool(options: { size: number; abortGraceMs?: number }): CpuPool {
  const abortGraceMs = options.abortGraceMs ?? 2000;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let closed = false;

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(THREAD_URL), job: null };
    slot.worker.on('message', (message: FromThread) => onMessage(slot, message));
    slot.worker.on('error', (err) => replace(slot, new CpuThreadCrashedError(`cpu thread crashed: ${err.message}`)));
    slot.worker.on('exit', (code) => replace(slot, new CpuThreadCrashedError(`cpu thread exited with code ${code}`)));
    return slot;
  };

  const replace = (slot: Slot, error: unknown) => {
    const index = slots.indexOf(slot);
    if (index === -1) return; // already replaced ('error' is followed by 'exit')
    const pending = slot.job;
    slot.job = null;
    pending?.files?.close();
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (closed) slots.splice(index, 1);
    else slots[index] = spawn();
    pending?.reject(error);
    dispatch();
  };

  const onMessage = (slot: Slot, message: FromThread) => {
    const pending = slot.job;
    if (!pending) return;
    if (message.kind === 'progress') pending.job.onProgress(message.update);
    else if (message.kind === 'log') pending.job.log[message.level](message.msg, message.data);
    else if (message.kind === 'files-call') {
      const { callId } = message;
      const answering = pending.files
        ? pending.files.call(message.call)
        : Promise.resolve({ ok: false as const, error: { name: 'Error', message: 'this runner has no file store: ctx.files is not available' } });
      void answering.then((answer) => {
        if (slot.job === pending) slot.worker.postMessage({ kind: 'files-answer', callId, answer } satisfies ToThread);
      });
    } else {
      slot.job = null;
      pending.files?.close();
      if (message.ok) pending.resolve(message.result);
      else pending.reject(rebuildError(message.error));
      dispatch();
    }
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job) continue;
      const pending = queue.shift();
      if (!pending) return;
      start(slot, pending);
    }
  };

  const start = (slot: Slot, pending: Pending) => {
    const { job } = pending;
    if (job.signal.aborted) {
      pending.reject(job.signal.reason);
      dispatch();
      return;
    }
    slot.job = pending;
    if (job.files) pending.files = createFilesHost(job.files);
    const onAbort = () => {
      if (slot.job !== pending) return;
      slot.worker.postMessage({ kind: 'abort', reason: cloneable(job.signal.reason) } satisfies ToThread);
      const timer = setTimeout(() => {
        if (slot.job === pending) replace(slot, job.signal.reason);
      }, abortGraceMs);
      timer.unref();
    };
    job.signal.addEventListener('abort', onAbort, { once: true });
    const message: ToThread = { kind: 'run', moduleUrl: job.moduleUrl, type: job.type, input: job.input, info: job.info };
    slot.worker.postMessage(message);
  };

  // Threads start with the first job: a node whose CPU types never run (an API node with a
  // built-in image type registered) pays neither their memory nor their start-up.
  let spawned = false;
  const spawnAll = () => {
    spawned = true;
    for (let i = 0; i < Math.max(1, options.size); i++) slots.push(spawn());
  };

  return {
    run(job) {
      if (closed) return Promise.reject(new Error('cpu pool is closed'));
      if (!spawned) spawnAll();
      return new Promise((resolve, reject) => {
        queue.push({ job, resolve, reject });
        dispatch();
      });
    },
    busy: () => slots.filter((s) => s.job).length,
    async close() {
      if (closed) return;
      closed = true;
      const error = new Error('cpu pool closed');
      for (const pending of queue.splice(0)) pending.reject(error);
      const all = slots.splice(0);
      await Promise.all(
        all.map((slot) => {
          slot.job?.reject(error);
          slot.job = null;
          slot.worker.removeAllListeners();
          return slot.worker.terminate();
        }),
      );
    },
  };
}

function rebuildError(error: { name: string; message: string; permanent: boolean }): Error {
  const rebuilt = error.permanent ? new PermanentFailure(error.message) : new Error(error.message);
  if (!error.permanent) rebuilt.name = error.name;
  return rebuilt;
}

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
