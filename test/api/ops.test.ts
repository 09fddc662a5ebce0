import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from '../../src/api/app-deps.ts';
import { createMetrics } from '../../src/api/metrics.ts';
import { registerOpenApi } from '../../src/api/openapi.ts';
import { registerProblemHandler } from '../../src/api/plugins/problem-handler.ts';
import { opsRoutes } from '../../src/api/routes/ops-routes.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';

// The probes as an orchestrator and Prometheus see them, against a real store (OFFLOAD_TEST_BACKEND).

let db: TempStore;
let app: FastifyInstance;
const metrics = createMetrics();

describe(onBackend('ops probes'), { skip: await backendSkip() }, () => {
  before(async () => {
    db = await tempStore();
    const deps = { store: db.store, config: DEFAULTS } as unknown as AppDeps;
    app = Fastify({  });
    registerProblemHandler(app, { unavailableRetryAfterSeconds: DEFAULTS.retryAfter.defaultSeconds });
    await registerOpenApi(app);
    await app.register(opsRoutes, { ...deps, metrics });
    await app.ready();
  });

  after(async () => {
    await app.close();
    await db.close().catch(() => {});
  });

  test('GET /healthz answers 200 while the process is up', async () => {
    const res = await app.inject('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('GET /metrics exposes queue depth and HTTP requests, in the Prometheus text format', async () => {
    const res = await app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    for (const name of ['# TYPE offload_tasks gauge', 'offload_http_requests_total{method="GET",route="/healthz",status="200"} 1', 'process_cpu_user_seconds_total']) {
      assert.ok(res.body.includes(name), `metrics lack ${name}`);
    }
  });

  test('GET /readyz answers 200 with a live store, then a 503 problem once the store is closed', async () => {
    const ok = await app.inject('/readyz');
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, 'ok');

    await db.store.close();
    const down = await app.inject('/readyz');
    assert.equal(down.statusCode, 503);
    assert.match(String(down.headers['content-type']), /^application\/problem\+json/);
    assert.match(String(down.headers['retry-after']), /^\d+$/);
    const body = down.json();
    assert.equal(body.code, 'service-unavailable');
    assert.equal(body.status, 503);
    assert.equal(body.type, '/problems/service-unavailable');

    // Metrics stay available while the store is down.
    const metricsRes = await app.inject('/metrics');
    assert.equal(metricsRes.statusCode, 200);
  });
});
