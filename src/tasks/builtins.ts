import type { Config } from '../config/defaults.ts';
import type { TaskDefinition } from '../engine/define-task.ts';
import { openConfiguredDatabase } from '../sources/open-database.ts';
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
 * Every built-in type, including those configured by the operator (`http`: its outbound policy;
 * `import`: its targets in the configured databases).
 */
export function builtinTasks(config: Pick<Config, 'httpTask' | 'imports' | 'databases'>): TaskDefinition[] {
  const openTarget = (database: string) => openConfiguredDatabase(config.databases, database);
  return [
    ...BUILTIN_TASKS,
    httpCallTask(config.httpTask) as TaskDefinition,
    importTask({ targets: config.imports.targets, openTarget }) as TaskDefinition,
  ];
}

/**
 * Built-ins that run on the CPU thread pool: a thread imports its definition by the module's URL, so
 * these are registered as modules.
 */
export const BUILTIN_MODULES: TaskModule[] = [{ url: new URL('./lomo.ts', import.meta.url).href, definitions: [lomoTask as TaskDefinition] }];
