import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnOffload } from '../helpers/offload-process.ts';

// The memory of an offload process is bounded by default: the command re-executes itself once with
// V8's young generation capped (--max-semi-space-size=8), keeping its pid; a flag the operator gave
// (in NODE_OPTIONS) wins. Read from /proc, as an operator would check it.

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-mem-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function commandLineOf(env: Record<string, string>): Promise<string> {
  const node = spawnOffload(['serve', '--no-worker', '--port', '0'], { OFFLOAD_DATABASE: join(dir, `${Math.random()}.db`), ...env });
  try {
    await node.waitForLog((e) => e.msg === 'offload node started', 20_000);
    return readFileSync(`/proc/${node.child.pid}/cmdline`, 'utf8').split('\0').join(' ');
  } finally {
    await node.kill('SIGTERM');
  }
}

test('offload serve runs with the young generation bounded, in the pid it was started as', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const line = await commandLineOf({});
  assert.match(line, /--max-semi-space-size=8 /);
});

test('a --max-semi-space-size the operator gives in NODE_OPTIONS is kept', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const line = await commandLineOf({ NODE_OPTIONS: '--max-semi-space-size=16' });
  assert.doesNotMatch(line, /--max-semi-space-size=8/);
});
