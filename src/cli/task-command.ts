import { readFileSync } from 'node:fs';
import { OffloadClient, type TaskDocument } from '../client/offload-client.ts';
import { intFlag, output, parseFlags, UsageError } from './args.ts';
import { createProgressBar } from './progress-bar.ts';

// `offload task submit|get|wait|cancel`: a thin shell over the typed client.

const USAGE = `usage:
  offload task submit <type> [--input JSON | --input-file F | --input -] [--custom-id X] [--priority N]
                             [--delay S] [--idempotency-key K] [--wait] [--async]
  offload task get <id>
  offload task wait <id> [--timeout S]
  offload task cancel <id>
common: --url URL (OFFLOAD_URL, default http://127.0.0.1:3000)  --key KEY (OFFLOAD_API_KEY)  --json`;

export async function taskCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    url: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean', default: false },
    input: { type: 'string' },
    'input-file': { type: 'string' },
    'custom-id': { type: 'string' },
    priority: { type: 'string' },
    delay: { type: 'string' },
    'idempotency-key': { type: 'string' },
    wait: { type: 'boolean', default: false },
    async: { type: 'boolean', default: false },
    timeout: { type: 'string' },
  });
  const [sub, arg] = positionals;
  const apiKey = values.key ?? env.OFFLOAD_API_KEY;
  if (!sub || !arg) throw new UsageError(USAGE);
  if (!apiKey) throw new UsageError('an API key is needed: --key or OFFLOAD_API_KEY (see `offload keys create`)');
  const client = new OffloadClient({ baseUrl: values.url ?? env.OFFLOAD_URL ?? 'http://127.0.0.1:3000', apiKey });
  const json = values.json;

  if (sub === 'submit') {
    const input = readInput(values.input, values['input-file']);
    const priority = values.priority === undefined ? undefined : Number(values.priority);
    if (priority !== undefined && !Number.isInteger(priority)) throw new UsageError('--priority must be an integer');
    const submitted = await client.submit(
      { type: arg, input, customId: values['custom-id'], priority, delaySeconds: intFlag('delay', values.delay) },
      { idempotencyKey: values['idempotency-key'], prefer: values.async ? 'async' : undefined },
    );
    if (!values.wait) {
      output(json, submitted.task, () => `${submitted.task.id} ${submitted.task.status}`);
      return 0;
    }
    return waitAndPrint(client, submitted.task.id, json, undefined);
  }
  if (sub === 'get') {
    const task = await client.get(arg);
    output(json, task, () => describe(task));
    return 0;
  }
  if (sub === 'wait') {
    const timeout = intFlag('timeout', values.timeout);
    return waitAndPrint(client, arg, json, timeout === undefined ? undefined : timeout * 1000);
  }
  if (sub === 'cancel') {
    const task = await client.cancel(arg);
    output(json, task, () => `${task.id} ${task.status}${task.cancelRequested && task.status === 'running' ? ' (cancel requested)' : ''}`);
    return 0;
  }
  throw new UsageError(USAGE);
}

async function waitAndPrint(client: OffloadClient, id: string, json: boolean, timeoutMs: number | undefined): Promise<number> {
  const bar = json ? null : createProgressBar();
  const task = await client.wait(id, {
    timeoutMs,
    onUpdate: (t) => bar?.update({ status: t.status, percent: t.progress.percent, message: t.progress.message }),
  });
  bar?.done();
  output(json, task, () => describe(task));
  return task.status === 'succeeded' ? 0 : 1;
}

function readInput(inline: string | undefined, file: string | undefined): unknown {
  if (inline !== undefined && file !== undefined) throw new UsageError('use either --input or --input-file');
  const text = file !== undefined ? readFileSync(file, 'utf8') : inline === '-' ? readFileSync(0, 'utf8') : (inline ?? '{}');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the input is not valid JSON: ${(err as Error).message}`);
  }
}

function describe(task: TaskDocument): string {
  const lines = [`${task.id}  ${task.type}  ${task.status}  ${task.progress.percent}%`];
  if (task.position !== undefined) lines.push(`position: ${task.position}`);
  if (task.estimatedCompletionAt) lines.push(`estimated completion: ${task.estimatedCompletionAt}`);
  if (task.result !== undefined) lines.push(`result: ${JSON.stringify(task.result)}`);
  if (task.error) lines.push(`error: ${task.error.title}${task.error.detail ? `: ${task.error.detail}` : ''}`);
  return lines.join('\n');
}
