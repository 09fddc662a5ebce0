import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTask } from '../../src/engine/define-task.ts';
import { createTaskRegistry, loadTaskModules, TaskRegistryError } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { testConfig } from './fixtures.ts';

const config = testConfig();

test('validates input against the type schema with pointers relative to input', () => {
  const registry = createTaskRegistry({ definitions: BUILTIN_TASKS, config });
  assert.deepEqual(registry.validateInput('sleep', { seconds: 1 }), { ok: true });
  const bad = registry.validateInput('sleep', { seconds: 4000, extra: true });
  assert.equal(bad.ok, false);
  assert.deepEqual(
    !bad.ok && bad.errors.map((e) => e.pointer).sort(),
    ['/extra', '/seconds'],
  );
  const missing = registry.validateInput('sleep', {});
  assert.deepEqual(!missing.ok && missing.errors, [{ pointer: '/seconds', detail: 'is required' }]);
  assert.equal(registry.validateInput('nope', {}).ok, false);
});

test('resolves defaults from the definition or the config, and describes the types', () => {
  const custom = defineTask({ type: 'custom', input: { type: 'object' }, maxAttempts: 7, syncWaitSeconds: 10, run: () => null });
  const registry = createTaskRegistry({ definitions: [...BUILTIN_TASKS, custom], config });
  assert.deepEqual(registry.types().sort(), ['custom', 'noop', 'sleep']);
  const resolved = registry.get('custom');
  assert.equal(resolved?.maxAttempts, 7);
  assert.equal(resolved?.timeoutSeconds, config.tasks.timeoutSeconds);
  assert.equal(resolved?.concurrency, config.worker.typeConcurrency);
  assert.equal(resolved?.syncWaitSeconds, 10);
  const sleep = registry.describe().find((d) => d.type === 'sleep');
  assert.ok(sleep);
  assert.equal(sleep.cpu, false);
  assert.deepEqual(sleep.inputSchema.required, ['seconds']);
});

test('a duplicate type is refused at load, naming both places', () => {
  const again = defineTask({ type: 'sleep', input: {}, run: () => null });
  assert.throws(
    () => createTaskRegistry({ definitions: BUILTIN_TASKS, modules: [{ url: 'file:///ops/tasks.ts', definitions: [again] }], config }),
    (err: unknown) => err instanceof TaskRegistryError && /sleep/.test(err.message) && /ops\/tasks\.ts/.test(err.message),
  );
});

test('loads task modules by path and remembers their URL', async () => {
  const modules = await loadTaskModules(['./examples/task-module/word-count.ts'], `${import.meta.dirname}/../..`);
  assert.equal(modules.length, 1);
  assert.match(modules[0]?.url ?? '', /^file:.*word-count\.ts$/);
  const registry = createTaskRegistry({ definitions: BUILTIN_TASKS, modules, config });
  assert.equal(registry.get('word-count')?.cpu, true);
  assert.equal(registry.get('word-count')?.moduleUrl, modules[0]?.url);
  await assert.rejects(loadTaskModules(['./does-not-exist.ts'], import.meta.dirname), TaskRegistryError);
});

test('a fractional or non-positive timeout, attempt count or concurrency is refused at load, naming the field', () => {
  for (const [field, value] of [['timeoutSeconds', 0.5], ['maxAttempts', 0], ['concurrency', 2.5]] as const) {
    const bad = defineTask({ type: 'bad', input: { type: 'object' }, [field]: value, run: () => null });
    assert.throws(
      () => createTaskRegistry({ definitions: [bad], config }),
      (err: unknown) => err instanceof TaskRegistryError && err.message.includes(field),
    );
  }
});
