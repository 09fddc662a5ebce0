import { defineTask } from '../engine/define-task.ts';

// Does nothing and succeeds: measures the service's own overhead in benchmarks.
export const noopTask = defineTask<Record<string, unknown>, { ok: true }>({
  type: 'noop',
  description: 'Succeeds at once with { ok: true }. For benchmarks.',
  input: { type: 'object' },
  run: () => ({ ok: true }),
});
