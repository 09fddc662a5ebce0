import type { CleanupContext, JsonSchema } from '../engine/define-task.ts';

// What the commands need to know about task types: the engine's registry satisfies it
// (src/cli/start-node.ts adapts it), tests pass their own.

/** A registered task type with its defaults resolved. */
export interface RegisteredTaskType {
  type: string;
  description?: string;
  inputSchema: JsonSchema;
  timeoutSeconds: number;
  maxAttempts: number;
  concurrency: number;
  cpu: boolean;
  syncWaitSeconds: number;
  cleanup?: (ctx: CleanupContext) => Promise<void> | void;
  /** Input fields holding file ids: a submission holds those files until the task finishes. */
  fileFields?: readonly string[];
  /** The type's own retention of finished tasks, in seconds (else `retention.finishedSeconds`). */
  retentionSeconds?: number;
  /** Served only by HTTP workers (config `httpTaskTypes`): the worker protocol may claim it. */
  remote?: boolean;
}

export interface TaskTypes {
  get(type: string): RegisteredTaskType | undefined;
  types(): string[];
  /** Pointers are relative to the input (e.g. `/seconds`). */
  validateInput(type: string, input: unknown): { ok: true } | { ok: false; errors: { pointer: string; detail: string }[] };
}
