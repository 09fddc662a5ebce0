import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { createSqliteSource, pythonCsv } from '../helpers/export-sources.ts';
import { until } from '../webhooks/receiver.ts';
import { browserSkip, launchBrowser, seriousViolations, signIn, startWebNode, type WebNode, watchPage } from './browser.ts';

// The export page, as its user sees it: Export → the button is disabled and a progress bar moves;
// a reload mid-way restores that state; when the task succeeded the download is offered and the
// downloaded file is the export; Clear deletes the task and enables the button again. The export is
// a real `export` task from a configured SQLite source whose query ranks every row against every
// other (a correlated sub-select: about ten seconds of work for 7,000 rows here), so there is time to watch it.

const ROWS = 7000;

describe(onBackend('export demo page'), { skip: (await backendSkip()) || browserSkip() }, () => {
  let web: WebNode;
  let browser: Browser;
  let sourceDir: string;
  before(async () => {
    sourceDir = await mkdtemp(join(tmpdir(), 'offload-web-source-'));
    const shop = join(sourceDir, 'shop.db');
    createSqliteSource(shop, 0, ROWS);
    web = await startWebNode((config) => {
      config.databases = { shop };
      config.exports.batchRows = 10; // short batches: the API answers the page between them
      config.exports.sources = {
        ranks: {
          database: 'shop',
          query: 'SELECT a.n, a.word, (SELECT count(*) FROM numbers b WHERE b.word <= a.word) AS rank FROM numbers a ORDER BY a.n',
          countQuery: 'SELECT count(*) FROM numbers',
          description: 'every number with its rank by name',
        },
      };
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await rm(sourceDir, { recursive: true, force: true });
  });

  test('export, reload mid-way, download, clear', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, web, '/ui/export-demo?user=ada&source=ranks&format=csv');
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
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = (await download.path())!;
    const content = await readFile(path);
    const tasks = await web.call('GET', '/v1/tasks?metadata.user=ada&metadata.page=export-demo');
    const task = (tasks.body.items as { id: string; type: string; result: { rows: number }; files: { sha256: string }[] }[])[0]!;
    assert.equal(task.type, 'export');
    assert.equal(createHash('sha256').update(content).digest('hex'), task.files[0]!.sha256, 'the downloaded file is the export');
    const records = pythonCsv(path);
    assert.deepEqual(records[0], ['n', 'word', 'rank']);
    assert.equal(records.length, ROWS + 1);
    assert.equal(task.result.rows, ROWS);
    assert.deepEqual(records[1], ['1', 'number 1, "quoted"', '1']);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Clear' }).click();
    await until(async () => !(await page.getByRole('button', { name: 'Export', exact: true }).isDisabled()), 10_000, 'the button enabled again');
    assert.equal((await web.call('GET', `/v1/tasks/${task.id}`)).status, 410, 'Clear deleted the task');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
