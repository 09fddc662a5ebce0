import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchBrowser, signIn, startWebNode } from '../test/web/browser.ts';

// Screenshots of every page of /ui, at a desktop width and at 390 px, against a fresh node with a
// little of everything in it: `node scripts/ui-screenshots.ts [dir]` (default .tmp/screenshots).
// For looking at the pages after a change; the browser tests check their behaviour.

const dir = resolve(process.argv[2] ?? '.tmp/screenshots');
await mkdir(dir, { recursive: true });
const web = await startWebNode((config) => {
  config.webhooks = { ...config.webhooks, allow: ['127.0.0.0/8'], scheduleSeconds: [3600] };
});
const browser = await launchBrowser();
try {
  const done = await web.call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 0.1 }, customId: 'invoice-7', metadata: { user: 'ada' } });
  for (let i = 0; i < 4; i++) await web.call('POST', '/v1/tasks', { type: 'sleep', input: { seconds: 60 }, metadata: { user: 'ada' } });
  await web.call('POST', '/v1/tasks', { type: 'noop', input: {} });
  const endpoint = await web.call('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/nobody-listens', eventTypes: ['task.succeeded'] });
  await web.call('POST', '/v1/tasks', { type: 'noop', input: {} });
  const batch = await web.call(
    'POST',
    '/v1/batch',
    {
      requests: [
        { id: 'order', method: 'POST', url: '/v1/tasks', body: { type: 'noop', input: {}, group: { atomic: true } } },
        { id: 'invoice', method: 'POST', url: '/v1/tasks', body: { type: 'sleep', input: { seconds: 0.2 } }, dependsOn: ['order'] },
        { id: 'typo', method: 'POST', url: '/v1/tasks', body: { type: 'no-such-type', input: {} } },
      ],
    },
    { prefer: 'respond-async' },
  );
  await new Promise((r) => setTimeout(r, 1500));
  const member = (await web.call('GET', `/v1/batches/${batch.body.id}`)).body.responses as { body: { id: string } }[];
  const groupOf = (await web.call('GET', `/v1/tasks/${member[0]!.body.id}`)).body.group as { id: string };
  const pages: [string, string][] = [
    ['queues', '/ui#/queues'],
    ['tasks', '/ui#/tasks'],
    ['task', `/ui#/tasks/${done.body.id}`],
    ['webhooks', '/ui#/webhooks'],
    ['deliveries', `/ui#/webhooks/${endpoint.body.id}`],
    ['workers', '/ui#/workers'],
    ['batches', '/ui#/batches'],
    ['batch', `/ui#/batches/${batch.body.id}`],
    ['group', `/ui#/groups/${groupOf.id}`],
    ['export-demo', '/ui/export-demo?user=ada'],
  ];
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await signIn(page, web, '/ui');
    await page.waitForTimeout(500);
    for (const [name, path] of pages) {
      // The key is in this tab's sessionStorage already: every page, the export one too, is signed in.
      await page.goto(`${web.url}${path}`);
      await page.waitForTimeout(1200);
      await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
    }
    await page.close();
  }
  process.stdout.write(`screenshots in ${dir}\n`);
} finally {
  await browser.close();
  await web.close();
}
