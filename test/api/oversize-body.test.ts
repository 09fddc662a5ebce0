import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type TestApi, testApi } from '../helpers/api.ts';

// An oversize body gets a 413 problem the client can read. The server used to answer and close the
// connection while the client was still sending, so Node's fetch failed with EPIPE / ECONNRESET
// about one time in six instead of returning the 413.

describe(onBackend('oversize bodies'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let base: string;
  let auth: string;
  before(async () => {
    t = await testApi();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    auth = (await t.key('acme')).authorization;
  });
  after(() => t?.close());

  test('a 5 MB JSON body to POST /v1/tasks is answered 413 with a problem, every time (Node fetch)', async () => {
    const body = JSON.stringify({ type: 'echo', input: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const failures: string[] = [];
    for (let i = 0; i < Number(process.env.N ?? 24); i++) {
      try {
        const res = await fetch(`${base}/v1/tasks`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body,
        });
        const problem = (await res.json()) as { code?: string };
        if (res.status !== 413 || problem.code !== 'payload-too-large') failures.push(`${res.status} ${problem.code}`);
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        failures.push(`fetch failed: ${cause?.code ?? (err as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
