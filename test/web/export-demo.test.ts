import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { until } from '../webhooks/receiver.ts';
import { browserSkip, launchBrowser, seriousViolations, signIn, startWebNode, type WebNode, watchPage } from './browser.ts';

// The export page, as its user sees it: Export → the button is disabled and a progress bar moves;
// a reload mid-way restores that state; when the task succeeded the download is offered and the
// downloaded file is the export; Clear deletes the task and enables the button again.

describe(onBackend('export demo page'), { skip: (await backendSkip()) || browserSkip() }, () => {
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

  test('export, reload mid-way, download, clear', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, web, '/ui/export-demo?user=ada&seconds=4');
    const exportButton = page.getByRole('button', { name: 'Export', exact: true });
    await exportButton.waitFor();
    assert.equal(await exportButton.isDisabled(), false);
    await exportButton.click();
    await page.getByLabel('Export progress').waitFor();
    assert.equal(await exportButton.isDisabled(), true, 'disabled while the export is queued or running');
    // Progress moves (reported by the task), read from the page, not from the API.
    await until(async () => Number(await page.getByLabel('Export progress').getAttribute('value')) > 0, 10_000, 'the progress bar moves');

    await page.reload();
    await page.getByLabel('Export progress').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('button', { name: 'Export', exact: true }).isDisabled(), true, 'restored after a reload');

    const link = page.getByRole('link', { name: /download/i });
    await link.waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const content = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const tasks = await web.call('GET', '/v1/tasks?metadata.user=ada&metadata.page=export-demo');
    const task = (tasks.body.items as { id: string; result: unknown }[])[0]!;
    assert.deepEqual(content, task.result, 'the downloaded file is the export');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Clear' }).click();
    await until(async () => !(await page.getByRole('button', { name: 'Export', exact: true }).isDisabled()), 10_000, 'the button enabled again');
    assert.equal((await web.call('GET', `/v1/tasks/${task.id}`)).status, 410, 'Clear deleted the task');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
