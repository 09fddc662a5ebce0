import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { browserSkip, launchBrowser, seriousViolations, signIn, startWebNode, type WebNode, watchPage } from './browser.ts';

// The dashboard in a real Chromium against a real node: sign in, find a task in the list, watch its
// progress reach 100 % live, cancel another one with the UI's button — no console errors, no failed
// requests, no serious accessibility violations.

describe(onBackend('dashboard: tasks'), { skip: (await backendSkip()) || browserSkip() }, () => {
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

  test('a queue paused from the UI fills up as tasks are submitted through the API, and drains when resumed', async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await signIn(page, web, '/ui');
    const queued = page.getByTestId('queued-sleep');
    await queued.waitFor();
    await page.getByRole('button', { name: 'Pause the sleep queue' }).click();
    await page.getByTestId('paused-sleep').waitFor();
    for (let i = 0; i < 3; i++) assert.equal((await web.call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 0.2 } })).status, 202);
    // Live: the page asks again by itself.
    await page.getByTestId('queued-sleep').filter({ hasText: /^3$/ }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Resume the sleep queue' }).click();
    await page.getByTestId('queued-sleep').filter({ hasText: /^0$/ }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a task followed to 100 %, another canceled through the UI', async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await signIn(page, web, '/ui#/tasks');
    const short = await web.call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 2 }, customId: 'short-one' });
    const long = await web.call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 60 }, customId: 'long-one' });
    assert.equal(short.status, 202);
    assert.equal(long.status, 202);

    // The list refreshes by itself: the new tasks appear without a reload.
    await page.getByRole('link', { name: 'short-one' }).click();
    await page.getByRole('heading', { name: new RegExp(String(short.body.id)) }).waitFor();
    await page.getByTestId('task-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByLabel('Task progress').getAttribute('value'), '100');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('link', { name: '← Tasks' }).click();
    await page.getByRole('link', { name: 'long-one' }).click();
    await page.getByTestId('task-status').filter({ hasText: 'running' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('task-status').filter({ hasText: 'canceled' }).waitFor({ timeout: 10_000 });
    const after = await web.call('GET', `/v1/tasks/${long.body.id}`);
    assert.equal(after.body.status, 'canceled');

    await page.getByRole('link', { name: '← Tasks' }).click();
    await page.getByRole('table').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
  });
});
