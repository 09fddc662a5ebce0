import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OffloadProcess, runOffload, spawnOffload } from '../helpers/offload-process.ts';

// A real `offload serve` (API and runner, SQLite in a temp dir) on a loopback port, with the client
// tests' task types, and an API key for it. Clients are tested against the server as users run it.

export interface OffloadServer {
  url: string;
  apiKey: string;
  /** The `keys` asked for, by name. */
  keys: Record<string, string>;
  process: OffloadProcess;
  close(): Promise<void>;
}

const TASKS = fileURLToPath(new URL('./fixtures/client-tasks.ts', import.meta.url));

export interface ServerOptions {
  /** Written as the server's configuration file (settings the environment cannot carry, e.g. `httpTaskTypes`). */
  config?: Record<string, unknown>;
  /** More keys, made before the server starts: name → `offload keys create` arguments (`--tenant`, `--admin`, `--worker --types …`). */
  keys?: Record<string, string[]>;
}

export async function startOffloadServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<OffloadServer> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-client-'));
  if (options.config) await writeFile(join(dir, 'offload.config.json'), JSON.stringify(options.config));
  const fullEnv = {
    ...(options.config ? { OFFLOAD_CONFIG: join(dir, 'offload.config.json') } : {}),
    OFFLOAD_DATABASE: join(dir, 'offload.db'),
    OFFLOAD_TASK_MODULES: TASKS,
    OFFLOAD_WORKER_POLL_INTERVAL_MS: '50',
    OFFLOAD_LOG_LEVEL: 'warn',
    // close() stops the node with SIGTERM: a task still running need not hold it.
    OFFLOAD_WORKER_SHUTDOWN_GRACE_SECONDS: '1',
    ...env,
  };
  let server: OffloadProcess | undefined;
  try {
    const created = await runOffload(['keys', 'create', '--tenant', 'client', '--create', '--json'], fullEnv);
    assert.equal(created.code, 0, created.stderr);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const keys: Record<string, string> = {};
    for (const [name, args] of Object.entries(options.keys ?? {})) {
      const made = await runOffload(['keys', 'create', ...args, '--json'], fullEnv);
      assert.equal(made.code, 0, made.stderr);
      keys[name] = (JSON.parse(made.stdout) as { key: string }).key;
    }
    server = spawnOffload(['serve', '--port', '0'], { ...fullEnv, OFFLOAD_LOG_LEVEL: 'info' });
    const started = await server.waitForLog((e) => e.msg === 'offload node started');
    const running = server;
    return {
      url: String(started.api),
      apiKey: key,
      keys,
      process: running,
      async close() {
        await running.kill('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
