import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { type Receiver, startReceiver, until } from '../webhooks/receiver.ts';
import { browserSkip, launchBrowser, seriousViolations, signIn, startWebNode, type WebNode, watchPage } from './browser.ts';

// A delivery that failed shows as such in the dashboard, and its Redeliver button sends it again:
// the receiver, now answering, gets it.

describe(onBackend('dashboard: webhook deliveries'), { skip: (await backendSkip()) || browserSkip() }, () => {
  let web: WebNode;
  let browser: Browser;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    // One attempt, no automatic retry: only the button can send it again.
    web = await startWebNode((config) => {
      config.webhooks = { ...config.webhooks, allow: ['127.0.0.0/8'], scheduleSeconds: [] };
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await receiver?.close();
  });

  test('a failed delivery is shown and redelivered from the UI', async () => {
    let answer = 500;
    receiver.respond = () => ({ status: answer });
    const endpoint = await web.call('POST', '/v1/webhook-endpoints', { url: `${receiver.url}/hook`, eventTypes: ['task.succeeded'] });
    assert.equal(endpoint.status, 201);
    const task = await web.call('POST', '/v1/tasks', { type: 'noop', input: {} });
    await until(() => receiver.requests.length === 1, 10_000, 'the first attempt');

    const page = await browser.newPage();
    const problems = watchPage(page);
    await signIn(page, web, `/ui#/webhooks/${endpoint.body.id}`);
    const row = page.locator(`tr:has(a[href="#/tasks/${task.body.id}"])`);
    await row.getByText('failed').waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? "", /500/);
    assert.deepEqual(await seriousViolations(page), []);

    answer = 204;
    await row.getByRole('button', { name: /Redeliver/ }).click();
    await until(() => receiver.requests.length === 2, 10_000, 'the redelivery');
    await row.getByText('delivered').waitFor({ timeout: 10_000 });
    assert.equal(receiver.requests[1]!.headers['webhook-id'], receiver.requests[0]!.headers['webhook-id'], 'the same message again');
    assert.deepEqual(problems, []);
  });
});
