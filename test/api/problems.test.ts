import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../src/api/build-app.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { testTaskTypes } from '../helpers/task-types.ts';

// Errors Fastify raises outside routes (router, framework) still leave as problems, and request
// logging is one line per failed request only.

/** Real HTTP: node:http sends the path as given, so the router sees the undecodable or over-long segment. */
function get(port: number, path: string, method = 'GET', headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString()) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe(onBackend('router errors (frameworkErrors)'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let port: number;
  let auth: Record<string, string>;
  before(async () => {
    t = await testApi();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    auth = await t.key('acme');
  });
  after(() => t.close());

  it('a path segment that is not valid percent-encoding is 400 malformed-request', async () => {
    for (const path of ['/v1/tasks/%E0%A4%A', '/v1/tasks/%E0%A4%A/result', '/problems/%E0%A4%A']) {
      const res = await get(port, path, 'GET', auth);
      assert.equal(res.status, 400, path);
      assert.match(res.type, /^application\/problem\+json/);
      assert.equal(res.body.code, 'malformed-request');
      assert.equal(res.body.type, '/problems/malformed-request');
    }
  });

  it('an over-long id is the 404 the route gives for any unknown id', async () => {
    const long = `tsk_${'x'.repeat(5000)}`;
    const cases: [string, string, string][] = [
      ['GET', `/v1/tasks/${long}`, 'task-not-found'],
      ['GET', `/v1/tasks/${long}/result`, 'task-not-found'],
      ['POST', `/v1/tasks/${long}/cancel`, 'task-not-found'],
      ['DELETE', `/v1/tasks/${long}`, 'task-not-found'],
      ['PUT', `/v1/tasks/${long}`, 'reservation-not-found'],
      ['GET', `/problems/${'x'.repeat(500)}`, 'not-found'],
    ];
    for (const [method, path, code] of cases) {
      const res = await get(port, path, method, auth);
      assert.equal(res.status, 404, `${method} ${path.slice(0, 30)}`);
      assert.match(res.type, /^application\/problem\+json/);
      assert.equal(res.body.code, code, `${method} ${path.slice(0, 30)}`);
      assert.equal(res.body.status, 404);
    }
  });
});

describe(onBackend('request logging'), { skip: await backendSkip() }, () => {
  let db: TempStore;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];
  before(async () => {
    db = await tempStore();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    app = await buildApp({ store: db.store, taskTypes: testTaskTypes(), config: DEFAULTS, logger });
    // A route that fails on the server, to see a 5xx logged (registered before ready, like any route).
    app.get('/test-only/boom', { config: { auth: 'public' } }, async () => {
      throw new Error('boom');
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  it('logs no per-request lines for successes, 4xx at debug, 5xx at error with reqId', async () => {
    const ok = await app.inject('/healthz');
    assert.equal(ok.statusCode, 200);
    assert.equal(lines.length, 0, 'no "incoming request" / "request completed" lines');

    const missing = await app.inject('/v1/tasks');
    assert.equal(missing.statusCode, 401);
    const rejected = lines.filter((l) => l.msg === 'request rejected');
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.level, 20, 'debug');
    assert.equal(rejected[0]!.statusCode, 401);
    assert.equal(typeof rejected[0]!.reqId, 'string');

    const boom = await app.inject('/test-only/boom');
    assert.equal(boom.statusCode, 500);
    assert.equal(boom.json().code, 'internal-error');
    const failed = lines.filter((l) => l.msg === 'request failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.level, 50, 'error');
    assert.equal(failed[0]!.statusCode, 500);
    assert.equal(typeof failed[0]!.reqId, 'string');
    // The cause is logged once by the error handler, with the same reqId.
    const cause = lines.find((l) => l.msg === 'unhandled error');
    assert.equal(cause?.reqId, failed[0]!.reqId);
    assert.ok(!lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed'));
  });
});
