import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NetworkError, OffloadClient, type TaskDocument, WaitTimeoutError } from '../client/offload-client.ts';
import { integer, keyValue, nonNegativeInt, output } from './args.ts';
import { CliError, UsageError } from './cli-error.ts';
import { createProgressBar } from './progress-bar.ts';

// `offload task …`: a thin shell over the typed client. Network failures and an expired --timeout
// become one-line errors with their own exit codes (cli-error.ts).

interface ClientFlags {
  url?: string;
  key?: string;
  json?: boolean;
}

const DEFAULT_URL = 'http://127.0.0.1:3000';

function clientOptions(command: Command): Command {
  return command
    .option('--url <url>', `server URL (OFFLOAD_URL; default ${DEFAULT_URL})`)
    .option('--key <key>', 'API key (OFFLOAD_API_KEY)')
    .option('--json', 'print JSON: the document on success, the problem document (or {"error"}) on failure');
}

/** Runs `fn` with a client; turns "could not reach" and "gave up waiting" into CLI errors. */
async function withClient<T>(flags: ClientFlags, env: NodeJS.ProcessEnv, fn: (client: OffloadClient) => Promise<T>): Promise<T> {
  const baseUrl = flags.url ?? env.OFFLOAD_URL ?? DEFAULT_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new UsageError(`--url must be an http:// or https:// URL, got "${baseUrl}"`);
  }
  const apiKey = flags.key ?? env.OFFLOAD_API_KEY;
  if (!apiKey) throw new UsageError('an API key is needed: --key or OFFLOAD_API_KEY (see `offload keys create`)');
  try {
    return await fn(new OffloadClient({ baseUrl, apiKey }));
  } catch (err) {
    // The client has retried already; its message names the server and the socket's error code.
    if (err instanceof NetworkError) throw new CliError('unreachable', err.message, { cause: err });
    throw err;
  }
}

export function registerTaskCommand(program: Command, env: NodeJS.ProcessEnv): void {
  const task = program
    .command('task')
    .description('submit, watch and manage tasks on a running server')
    .addHelpText('after', `\nEvery task command takes --url (OFFLOAD_URL, default ${DEFAULT_URL}), --key (OFFLOAD_API_KEY) and --json.`);

  clientOptions(
    task
      .command('submit')
      .description('submit a task; with --wait, follow it to the end')
      .argument('<type>', 'task type')
      .option('--input <json>', 'the input as JSON ("-": read stdin; default {})')
      .option('--input-file <file>', 'read the input JSON from a file')
      .option('--custom-id <id>', 'your own id for the task')
      .option('--priority <n>', 'higher runs first', integer)
      .option('--delay <seconds>', 'start no earlier than this many seconds from now', nonNegativeInt)
      .option('--metadata <key=value>', 'metadata, repeatable', keyValue)
      .option('--idempotency-key <key>', 'a retry with the same key answers the same task')
      .option('--async', 'ask for an immediate 202 (Prefer: respond-async)')
      .option('--wait', 'wait until the task finishes, with a progress bar on stderr; exit 0 only if it succeeded')
      .option('--timeout <seconds>', 'with --wait: give up after this long (exit 4)', nonNegativeInt),
  ).action(async (type: string, flags: SubmitFlags) => {
    const input = readInput(flags);
    process.exitCode = await withClient(flags, env, async (client) => {
      const submitted = await client.submit(
        { type, input, customId: flags.customId, priority: flags.priority, delaySeconds: flags.delay, metadata: flags.metadata },
        { idempotencyKey: flags.idempotencyKey, prefer: flags.async ? 'async' : undefined },
      );
      if (!flags.wait) {
        output(flags.json, submitted.task, () => `${submitted.task.id} ${submitted.task.status}`);
        return 0;
      }
      return waitAndPrint(client, submitted.task.id, flags.json, flags.timeout);
    });
  });

  clientOptions(task.command('get').description('show a task').argument('<id>', 'task id')).action(
    async (id: string, flags: ClientFlags) => {
      const doc = await withClient(flags, env, (client) => client.get(id));
      output(flags.json, doc, () => describe(doc));
    },
  );

  clientOptions(
    task
      .command('wait')
      .description('wait until a task finishes; exit 0 only if it succeeded')
      .argument('<id>', 'task id')
      .option('--timeout <seconds>', 'give up after this long (exit 4)', nonNegativeInt),
  ).action(async (id: string, flags: ClientFlags & { timeout?: number }) => {
    process.exitCode = await withClient(flags, env, (client) => waitAndPrint(client, id, flags.json, flags.timeout));
  });

  clientOptions(task.command('cancel').description('cancel a task (a running handler’s signal fires)').argument('<id>', 'task id')).action(
    async (id: string, flags: ClientFlags) => {
      const doc = await withClient(flags, env, (client) => client.cancel(id));
      output(flags.json, doc, () => `${doc.id} ${doc.status}${doc.cancelRequested && doc.status === 'running' ? ' (cancel requested)' : ''}`);
    },
  );

  clientOptions(
    task
      .command('retry')
      .description('retry a failed or canceled task: same id, one more attempt; with --wait, follow it to the end')
      .argument('<id>', 'task id')
      .option('--wait', 'wait until the task finishes, with a progress bar on stderr; exit 0 only if it succeeded')
      .option('--timeout <seconds>', 'with --wait: give up after this long (exit 4)', nonNegativeInt),
  ).action(async (id: string, flags: ClientFlags & { wait?: boolean; timeout?: number }) => {
    process.exitCode = await withClient(flags, env, async (client) => {
      const doc = await client.retry(id);
      if (!flags.wait) {
        output(flags.json, doc, () => `${doc.id} ${doc.status} (attempts used: ${doc.attempts.count} of ${doc.attempts.max})`);
        return 0;
      }
      return waitAndPrint(client, id, flags.json, flags.timeout);
    });
  });

  clientOptions(
    task
      .command('list')
      .description('list tasks, newest first, one page')
      .option('--status <list>', 'comma list: pending, queued, running, succeeded, failed, canceled')
      .option('--type <type>', 'only this type')
      .option('--custom-id <id>', 'only the task with this custom id')
      .option('--metadata <key=value>', 'metadata equals value, repeatable', keyValue)
      .option('--limit <n>', 'page size', nonNegativeInt)
      .option('--cursor <cursor>', 'nextCursor of the previous page'),
  ).action(async (flags: ListFlags) => {
    const query: Record<string, string> = {};
    if (flags.status) query.status = flags.status;
    if (flags.type) query.type = flags.type;
    if (flags.customId) query.customId = flags.customId;
    if (flags.limit !== undefined) query.limit = String(flags.limit);
    if (flags.cursor) query.cursor = flags.cursor;
    for (const [k, v] of Object.entries(flags.metadata ?? {})) query[`metadata.${k}`] = v;
    const page = await withClient(flags, env, (client) => client.list(query));
    output(flags.json, page, () =>
      [
        ...page.items.map((t) => `${t.id}  ${t.type}  ${t.status}  ${t.progress.percent}%  ${t.createdAt}${t.customId ? `  ${t.customId}` : ''}`),
        ...(page.items.length === 0 ? ['(no tasks)'] : []),
        ...(page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : []),
      ].join('\n'),
    );
  });

  clientOptions(task.command('result').description('print a succeeded task’s result (JSON)').argument('<id>', 'task id')).action(
    async (id: string, flags: ClientFlags) => {
      const result = await withClient(flags, env, (client) => client.result(id));
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
  );

  clientOptions(
    task.command('destroy').description('destroy a task: cancel it, run its cleanup, delete input and result').argument('<id>', 'task id'),
  ).action(async (id: string, flags: ClientFlags) => {
    const { stopping } = await withClient(flags, env, (client) => client.destroy(id));
    output(flags.json, { id, destroyed: true, stopping }, () =>
      stopping ? `${id} destroy requested; the running handler is stopping` : `${id} destroyed`,
    );
  });
}

type SubmitFlags = ClientFlags & {
  input?: string;
  inputFile?: string;
  customId?: string;
  priority?: number;
  delay?: number;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
  async?: boolean;
  wait?: boolean;
  timeout?: number;
};

type ListFlags = ClientFlags & {
  status?: string;
  type?: string;
  customId?: string;
  metadata?: Record<string, string>;
  limit?: number;
  cursor?: string;
};

async function waitAndPrint(client: OffloadClient, id: string, json: boolean | undefined, timeoutSeconds: number | undefined): Promise<number> {
  const bar = json ? null : createProgressBar();
  let doc: TaskDocument;
  try {
    doc = await client.waitUntilDone(id, {
      timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      onUpdate: (t) => bar?.update({ status: t.status, percent: t.progress.percent, message: t.progress.message }),
    });
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      throw new CliError('timeout', `gave up waiting for ${id} after ${timeoutSeconds} s; it has not finished (offload task get ${id})`);
    }
    throw err;
  } finally {
    bar?.done();
  }
  output(json, doc, () => describe(doc));
  return doc.status === 'succeeded' ? 0 : 1;
}

function readInput(flags: SubmitFlags): unknown {
  const inline = flags.input ?? '{}';
  if (flags.inputFile !== undefined && flags.input !== undefined) throw new UsageError('use either --input or --input-file');
  let text: string;
  try {
    text = flags.inputFile !== undefined ? readFileSync(flags.inputFile, 'utf8') : inline === '-' ? readFileSync(0, 'utf8') : inline;
  } catch (err) {
    throw new UsageError(`cannot read the input: ${(err as Error).message}`);
  }
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
