import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApiKey } from '../../src/operations/api-keys.ts';
import { type RunningNode, startNode } from '../../src/cli/start-node.ts';
import { type Config, DEFAULTS } from '../../src/config/defaults.ts';
import { tempDatabase } from '../helpers/backend.ts';

// Browser tests drive Debian's Chromium (never a downloaded browser) with playwright-core against a
// real `offload serve` node on loopback. Without Chromium they skip with the reason — except under
// CI=true, where they fail (.ci/run installs it).

export const CHROMIUM = process.env.OFFLOAD_TEST_CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function browserSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason} — CI=true, so this fails instead of skipping`);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Everything a page complained about: console errors, uncaught errors, failed requests. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A long-poll or stream the page itself aborted (navigation, unmount) is not a failure.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`server error: ${res.status()} ${res.url()}`);
  });
  return problems;
}

const AXE = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

/** axe-core in the page: violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const violations = (await page.evaluate(`${AXE}\n;axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as {
    id: string;
    impact: string;
    help: string;
    nodes: { target: string[] }[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export interface WebNode {
  node: RunningNode;
  url: string;
  key: string;
  dir: string;
  /** The API with the test's key. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A whole node (API + runner) on a fresh database of the run's backend, with a tenant key. */
export async function startWebNode(overrides: (config: Config) => void = () => {}): Promise<WebNode> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-web-'));
  const database = await tempDatabase();
  const config: Config = structuredClone(DEFAULTS);
  config.database = database.database;
  config.port = 0;
  config.logLevel = 'silent';
  config.worker.pollIntervalMs = 50;
  overrides(config);
  const node = await startNode({ config, api: true, worker: true, cwd: dir });
  const key = (await createApiKey(node.store, { tenant: 'web' })).key;
  const url = node.url!;
  return {
    node,
    url,
    key,
    dir,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async close() {
      await node.stop();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a page of the node and signs in with its key. */
export async function signIn(page: Page, web: WebNode, path = '/ui'): Promise<void> {
  await page.goto(`${web.url}${path}`);
  await page.getByLabel('API key').fill(web.key);
  await page.getByRole('button', { name: /sign in|continue/i }).click();
}
