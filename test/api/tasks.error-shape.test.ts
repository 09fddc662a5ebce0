import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import AjvModule from 'ajv/dist/2020.js';
import { defineTask, PermanentFailure } from '../../src/engine/define-task.ts';
import { webhookTaskDocument } from '../../src/webhooks/webhook-payload.ts';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { newTasks } from '../helpers/tasks.ts';
import { startWorker, waitForStatus } from '../engine/fixtures.ts';

// A failed or canceled task's `error` says why the task ended. It is problem-details shaped but
// describes no HTTP response, so it carries no `status` (a permanently failed task used to say
// `"status": 500`, which reads like a server error). Rows stored with a `status` stay readable and
// are shown without it. The OpenAPI document describes the shape as `TaskError`.

const Ajv = AjvModule as unknown as typeof AjvModule.default;

describe(onBackend('the error of a failed or canceled task'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let auth: { authorization: string };
  let validateTaskError: (value: unknown) => boolean;
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const schema = doc.components?.schemas?.TaskError;
    assert.ok(schema, 'the OpenAPI document describes TaskError');
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    validateTaskError = (value) => {
      const ok = validate(value);
      assert.ok(ok, `${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
      return ok;
    };
  });
  after(() => t.close());

  const doc = async (id: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/tasks/${id}`, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  it('a permanent failure (real runner) has type, title, code and detail, and no HTTP status', async () => {
    const doomed = defineTask({
      type: 'doomed',
      input: { type: 'object' },
      run() {
        throw new PermanentFailure('the input names a file that does not exist');
      },
    });
    const worker = startWorker({ store: t.store, definitions: [doomed] });
    const [task] = newTasks('acme', 'doomed', 1);
    try {
      await t.store.taskInsertMany({ tasks: [{ ...task!, maxAttempts: 3 }] });
      await waitForStatus(t.store, task!.id, ['failed'], 10_000);
    } finally {
      await worker.stop();
    }
    const { status, error } = await doc(task!.id);
    assert.equal(status, 'failed');
    assert.deepEqual(error, {
      type: '/errors/permanent-failure',
      title: 'The task failed permanently',
      code: 'permanent-failure',
      detail: 'the input names a file that does not exist',
    });
    validateTaskError(error);
  });

  it('a canceled task’s error has no status either', async () => {
    const [task] = newTasks('acme', 'echo', 1);
    await t.store.taskInsertMany({ tasks: [task!] });
    assert.equal((await t.app.inject({ method: 'POST', url: `/v1/tasks/${task!.id}/cancel`, headers: auth })).statusCode, 200);
    const { status, error } = await doc(task!.id);
    assert.equal(status, 'canceled');
    assert.equal(error.code, 'canceled');
    assert.equal('status' in error, false, JSON.stringify(error));
    validateTaskError(error);
  });

  it('an error stored with `status` by an older version is read and shown without it (document and webhook)', async () => {
    const [task] = newTasks('acme', 'echo', 1);
    await t.store.taskInsertMany({ tasks: [task!] });
    const [claimed] = await claimAll(t.store, 'echo');
    const legacy = { type: '/errors/handler-error', title: 'The task handler failed', status: 500, code: 'handler-error', detail: 'boom' };
    await t.store.taskFail({ id: task!.id, leaseToken: claimed!.leaseToken, error: legacy, retryAt: null, now: Date.now(), retentionMs: 60_000 });
    const { error } = await doc(task!.id);
    assert.deepEqual(error, { type: '/errors/handler-error', title: 'The task handler failed', code: 'handler-error', detail: 'boom' });
    validateTaskError(error);
    const stored = await t.store.taskGet({ tenant: 'acme', id: task!.id });
    assert.deepEqual(webhookTaskDocument(stored!).error, error);
    const result = await t.app.inject({ method: 'GET', url: `/v1/tasks/${task!.id}/result`, headers: auth });
    assert.equal(result.statusCode, 409);
    assert.deepEqual(result.json().error, error, 'the result route’s 409 carries the same error');
  });
});
