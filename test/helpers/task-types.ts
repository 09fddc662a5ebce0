import AjvModule from 'ajv/dist/2020.js';
import type { RegisteredTaskType, TaskTypes } from '../../src/operations/task-types.ts';
import type { CleanupContext } from '../../src/engine/define-task.ts';

const Ajv = AjvModule as unknown as typeof AjvModule.default;

/** Small task types for API tests: `sleep` {seconds 0..3600}, `echo` (any object), `sync` (syncWait 2 s). */
export function testTaskTypes(options: { cleanups?: CleanupContext[] } = {}): TaskTypes {
  const base = { timeoutSeconds: 300, maxAttempts: 3, concurrency: 4, cpu: false, syncWaitSeconds: 0 };
  const list: RegisteredTaskType[] = [
    {
      ...base,
      type: 'sleep',
      description: 'Sleeps',
      inputSchema: {
        type: 'object',
        required: ['seconds'],
        additionalProperties: false,
        properties: { seconds: { type: 'number', minimum: 0, maximum: 3600 } },
      },
      cleanup: (ctx) => {
        options.cleanups?.push(ctx);
      },
    },
    { ...base, type: 'echo', inputSchema: { type: 'object' } },
    { ...base, type: 'sync', inputSchema: { type: 'object' }, syncWaitSeconds: 2 },
  ];
  const byType = new Map(list.map((t) => [t.type, t]));
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validators = new Map(list.map((t) => [t.type, ajv.compile(t.inputSchema)]));
  return {
    get: (type) => byType.get(type),
    types: () => [...byType.keys()],
    validateInput(type, input) {
      const validate = validators.get(type)!;
      if (validate(input)) return { ok: true };
      return {
        ok: false,
        errors: (validate.errors ?? []).map((e) => ({
          pointer: e.keyword === 'required' ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath,
          detail: e.message ?? e.keyword,
        })),
      };
    },
  };
}
