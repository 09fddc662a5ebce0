import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { until } from '../webhooks/receiver.ts';
import { browserSkip, launchBrowser, seriousViolations, signIn, startWebNode, type WebNode, watchPage } from './browser.ts';

// An asynchronous batch shows in the dashboard with its dispatch, its sub-responses and the tasks
// they created; a member of an execution group links to the group's page, which lists its members.

describe(onBackend('dashboard: batches and execution groups'), { skip: (await backendSkip()) || browserSkip() }, () => {
  let web: WebNode;
  let browser: Browser;
  before(async () => {
    web = await startWebNode();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
  });

  test('a batch: its progress, sub-responses and tasks; a group member leads to the group and its members', async () => {
    const accepted = await web.call(
      'POST',
      '/v1/batch',
      {
        requests: [
          { id: 'first', method: 'POST', url: '/v1/tasks', body: { type: 'noop', input: {}, group: { atomic: true } } },
          { id: 'second', method: 'POST', url: '/v1/tasks', body: { type: 'sleep', input: { seconds: 0 } }, dependsOn: ['first'] },
          { id: 'unknown', method: 'POST', url: '/v1/tasks', body: { type: 'no-such-type', input: {} } },
        ],
      },
      { prefer: 'respond-async' },
    );
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const batchId = String(accepted.body.id);
    let batch: Record<string, unknown> = {};
    await until(
      async () => {
        batch = (await web.call('GET', `/v1/batches/${batchId}`)).body;
        return batch.status === 'completed';
      },
      15_000,
      'the batch completes',
    );
    const [first] = batch.responses as { id: string; body: { id: string; group?: { id: string } } }[];
    const firstId = first!.body.id;

    const page = await browser.newPage();
    const problems = watchPage(page);
    await signIn(page, web, '/ui#/batches');
    const row = page.locator(`tr:has(a[href="#/batches/${batchId}"])`);
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /completed/);
    assert.match((await row.textContent()) ?? '', /3 \/ 3/);
    assert.deepEqual(await seriousViolations(page), []);

    await row.getByRole('link', { name: batchId }).click();
    await page.getByRole('heading', { name: new RegExp(`Batch ${batchId}`) }).waitFor();
    await page.getByText('3 of 3 sub-requests answered').waitFor();
    const responses = page.locator('table tbody tr');
    assert.deepEqual(
      (await responses.allTextContents()).map((text) => text.replace(/tsk_\w+/, 'tsk')),
      ['first202tsk', 'second202tsk', 'unknown422—'],
    );
    await page.getByText('2 succeeded').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('list').getByRole('link', { name: firstId }).click();
    await page.getByTestId('task-status').getByText('succeeded').waitFor();
    const groupLink = page.getByRole('link', { name: /^grp_/ });
    const groupId = (await groupLink.textContent()) ?? '';
    assert.match(groupId, /^grp_/);
    await groupLink.click();
    await page.getByTestId('group-status').getByText('succeeded').waitFor({ timeout: 10_000 });
    const members = await page.locator('table tbody tr').allTextContents();
    assert.equal(members.length, 1);
    assert.match(members[0]!, new RegExp(`${firstId}noopsucceeded`));
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
  });
});
