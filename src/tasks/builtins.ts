import type { Config } from '../config/defaults.ts';
import type { TaskDefinition } from '../engine/define-task.ts';
import { openConfiguredDatabase } from '../sources/open-database.ts';
import { exportTask } from './export.ts';
import { httpCallTask } from './http-call.ts';
import { importTask } from './import.ts';
import type { TaskModule } from '../engine/task-registry.ts';
import { lomoTask } from './lomo.ts';
import { noopTask } from './noop.ts';
import { sleepTask } from './sleep.ts';

// The built-in task types. Register them as a module (`{ url: BUILTIN_TASKS_URL, definitions:
// BUILTIN_TASKS }`) so `cpu: true` built-ins can be imported by the CPU threads by URL.
export const BUILTIN_TASKS: TaskDefinition[] = [sleepTask as TaskDefinition, noopTask as TaskDefinition];

export const BUILTIN_TASKS_URL: string = import.meta.url;

/**
 * Every built-in type, including those configured by the operator: `http` (its outbound policy),
 * `export` when at least one source is configured (`exports.sources`), and `import` when at least
 * one target is (`imports.targets`). A relative SQLite path of `databases` is resolved against `cwd`.
 */
export function builtinTasks(config: Pick<Config, 'httpTask' | 'databases' | 'exports' | 'imports'>, cwd?: string): TaskDefinition[] {
  const configured: TaskDefinition[] = [httpCallTask(config.httpTask) as TaskDefinition];
  if (Object.keys(config.exports.sources).length > 0) configured.push(exportTask(config, cwd) as TaskDefinition);
  if (Object.keys(config.imports.targets).length > 0) {
    const openTarget = (database: string) => openConfiguredDatabase(config.databases, database, { cwd });
    configured.push(importTask({ targets: config.imports.targets, openTarget }) as TaskDefinition);
  }
  return [...BUILTIN_TASKS, ...configured];
}

/**
 * Built-ins that run on the CPU thread pool: a thread imports its definition by the module's URL, so
 * these are registered as modules.
 */
export const BUILTIN_MODULES: TaskModule[] = [{ url: new URL('./lomo.ts', import.meta.url).href, definitions: [lomoTask as TaskDefinition] }];
