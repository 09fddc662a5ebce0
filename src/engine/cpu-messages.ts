import type { ProgressUpdate } from './define-task.ts';

// The protocol between the CPU pool (parent) and a CPU thread. Only structured-cloneable data
// crosses: the thread imports the task's module itself, since functions cannot be posted.

import type { FilesAnswer, FilesCall } from './cpu-files.ts';
import type { AttemptInfo } from './task-context.ts';

export type CpuAttemptInfo = AttemptInfo;

export type ToThread =
  | { kind: 'run'; moduleUrl: string; type: string; input: unknown; info: CpuAttemptInfo }
  | { kind: 'abort'; reason: unknown }
  | { kind: 'files-answer'; callId: number; answer: FilesAnswer };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type FromThread =
  | { kind: 'progress'; update: number | ProgressUpdate }
  | { kind: 'log'; level: LogLevel; msg: string; data?: Record<string, unknown> }
  | { kind: 'files-call'; callId: number; call: FilesCall }
  | { kind: 'done'; ok: true; result: unknown }
  | { kind: 'done'; ok: false; error: { name: string; message: string; permanent: boolean } };
